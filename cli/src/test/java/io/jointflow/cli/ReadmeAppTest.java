package io.jointflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.function.Handler;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Writing an app", done as a new user would: its handlers compiled against the API
 * alone, put in the jar its definition names under {@code jars:}, and run with its command line.
 */
class ReadmeAppTest {
  private static final Pattern BLOCK = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

  @TempDir
  Path dir;

  private static String section() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("## Writing an app\n");
    assertThat(start).as("README has a section 'Writing an app'").isNotNegative();
    return readme.substring(start, readme.indexOf("\n## ", start + 1));
  }

  private static List<String> blocks(String section, String language) {
    List<String> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(section);
    while (m.find()) {
      if (m.group(1).equals(language)) {
        out.add(m.group(2));
      }
    }
    return out;
  }

  private static String group(Pattern p, String text) {
    Matcher m = p.matcher(text);
    assertThat(m.find()).as("%s in %s", p, text).isTrue();
    return m.group(1);
  }

  @Test
  void theDocumentedHandlersRunFromTheirJarAsDocumented() throws Exception {
    String section = section();

    // The dependency it tells users to declare is the API module as built here.
    String xml = blocks(section, "xml").get(0);
    Pattern artifact = Pattern.compile("<artifactId>(.*?)</artifactId>");
    Pattern version = Pattern.compile("<version>(.*?)</version>");
    String apiPom = Files.readString(Path.of("..", "api", "pom.xml"));
    assertThat(group(artifact, apiPom.substring(apiPom.indexOf("</parent>")))).isEqualTo(group(artifact, xml));
    assertThat(group(version, apiPom)).isEqualTo(group(version, xml));

    // Its handlers, compiled against the API and nothing else.
    Path src = dir.resolve("src");
    List<Path> sources = new ArrayList<>();
    for (String java : blocks(section, "java")) {
      if (java.startsWith("package ")) {
        Path file = src.resolve(group(Pattern.compile("^package ([\\w.]+);"), java).replace('.', '/'))
            .resolve(group(Pattern.compile("public class (\\w+)"), java) + ".java");
        Files.createDirectories(file.getParent());
        sources.add(Files.writeString(file, java));
      }
    }
    assertThat(sources).hasSize(2);
    Path classes = dir.resolve("classes");
    Path api = Path.of(Handler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    var javac = new java.io.ByteArrayOutputStream();
    List<String> args = new ArrayList<>(List.of("--release", "21", "-classpath", api.toString(), "-d", classes.toString()));
    sources.forEach(s -> args.add(s.toString()));
    int compiled = ToolProvider.getSystemJavaCompiler().run(null, javac, javac, args.toArray(String[]::new));
    assertThat(compiled).as("javac %s%n%s", args, javac).isZero();

    // In the jar that its definition names, beside the definition.
    String yaml = blocks(section, "yaml").get(0);
    Path jar = dir.resolve(group(Pattern.compile("jars: \\[(.*?)]"), yaml));
    Files.createDirectories(jar.getParent());
    try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    Path definition = Files.writeString(dir.resolve("shout.yaml"), yaml);
    String handler = group(Pattern.compile("class: ([\\w.]+)"), yaml);
    assertThatThrownBy(() -> Class.forName(handler)).as("the handlers come from the jar only")
        .isInstanceOf(ClassNotFoundException.class);

    // Run with the documented command line; it prints what the README says.
    String command = blocks(section, "bash").stream().filter(b -> b.startsWith("./jointflow run")).findFirst().orElseThrow();
    String expected = group(Pattern.compile("# prints (.*)"), command).trim();
    List<String> cli = new ArrayList<>();
    for (String word : command.substring("./jointflow ".length(), command.indexOf('#')).trim().split("\\s+")) {
      cli.add(word.endsWith("shout.yaml") ? definition.toString() : word);
    }
    cli.addAll(List.of("--state", "sqlite:" + dir.resolve("state.db"), "-q"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(cli.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().trim()).isEqualTo(expected);
  }
}
