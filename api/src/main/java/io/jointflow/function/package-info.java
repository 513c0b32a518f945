/**
 * The function API: a {@link io.jointflow.function.Handler} receives a {@link
 * io.jointflow.function.Call}, reads its input {@link io.jointflow.function.Obj objects} and emits
 * new ones into buckets; a {@link io.jointflow.function.TerminalException} fails the instance without
 * retrying. This package has no dependencies and is all a function jar needs at compile time.
 */
package io.jointflow.function;
