package dev.voicelog.otel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java examples compile against the API as it is: each {@code ```java} block of README.md is
 * compiled, as the body of a method given the names it uses ({@code callSid}, {@code vad}, {@code text},
 * {@code chunk}), with voicelog-core and voicelog-otel on the class path. Here because this module sees both.
 */
class ReadmeJavaExamplesTest {
  static final Path README = Path.of("..", "README.md");

  @TempDir Path out;

  /** A README code block: its text and the README line it starts on. */
  record Block(int line, String code) {}

  static List<Block> javaBlocks(Path markdown) throws IOException {
    List<String> lines = Files.readAllLines(markdown);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("```java")) {
        int start = i + 1;
        StringBuilder code = new StringBuilder();
        for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
          code.append(lines.get(i)).append('\n');
        }
        blocks.add(new Block(start + 1, code.toString()));
      }
    }
    return blocks;
  }

  @Test
  void everyJavaBlockOfTheReadmeCompiles() throws IOException {
    List<Block> blocks = javaBlocks(README);
    assertThat(blocks).as("the README's examples").hasSizeGreaterThanOrEqualTo(2);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK, not a JRE").isNotNull();
    List<JavaFileObject> sources = new ArrayList<>();
    for (int k = 0; k < blocks.size(); k++) {
      String name = "ReadmeExample" + k;
      String source = "import dev.voicelog.*;\nimport dev.voicelog.otel.*;\nimport java.time.Duration;\n"
          + "class " + name + " {\n  interface Vad { Duration speechDuration(); }\n"
          + "  void run(String callSid, Vad vad, String text, byte[] chunk) throws Exception {\n"
          + blocks.get(k).code() + "  }\n}\n";
      sources.add(new SimpleJavaFileObject(URI.create("string:///" + name + ".java"), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return source;
        }
      });
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    boolean ok = javac.getTask(null, null, diagnostics, List.of("-d", out.toString(), "-classpath",
        System.getProperty("java.class.path")), null, sources).call();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        int block = Integer.parseInt(d.getSource().getName().replaceAll("\\D", ""));
        long readmeLine = blocks.get(block).line() + d.getLineNumber() - 7; // the block starts on the wrapper's 7th line
        errors.add("README.md:" + readmeLine + ": " + d.getMessage(Locale.ROOT));
      }
    }
    assertThat(errors).as("README examples that no longer compile").isEmpty();
    assertThat(ok).isTrue();
  }
}
