/**
 * Loading app definitions from YAML and JSON files into {@link io.jointflow.app.App}: the same
 * power as the Java builder, with every error reported together as a {@link
 * io.jointflow.definition.Diagnostic} that names the file, line and column and, where there is a
 * closed set, the valid choices. Loading is pure: it reads the definition and the jars it names and
 * never writes anything. Start at {@link io.jointflow.definition.AppDefinitions}; the format is
 * documented in {@code docs/app-format.md}.
 */
package io.jointflow.definition;
