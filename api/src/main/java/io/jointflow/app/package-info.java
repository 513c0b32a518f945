/**
 * The app model: an {@link io.jointflow.app.App} of functions, buckets and
 * {@link io.jointflow.app.Trigger triggers}, built with {@link io.jointflow.app.App#builder(String)}
 * or loaded from YAML/JSON, and validated as a whole so that an invalid definition never reaches a
 * runtime.
 */
package io.jointflow.app;
