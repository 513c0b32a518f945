/**
 * Loading app definitions and clouds files from YAML and JSON: apps into {@link
 * io.jointflow.app.App} with the same power as the Java builder ({@link
 * io.jointflow.definition.AppDefinitions}, {@code docs/app-format.md}), clouds files into {@link
 * io.jointflow.cloud.Clouds} ({@link io.jointflow.definition.CloudsDefinitions}, {@code
 * docs/clouds-format.md}). Every error of a file is reported together as a {@link
 * io.jointflow.definition.Diagnostic} that names the file, line and column and, where there is a
 * closed set, the valid choices. Loading is pure: it reads the definition and the jars it names and
 * never writes anything.
 */
package io.jointflow.definition;
