package io.rtsprecorder.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package graph on a small source tree written by the test. */
class PackageGraphTest {

    @TempDir
    Path dir;

    private void source(String pkg, String cls, String body) throws Exception {
        Path f = dir.resolve(pkg.replace('.', '/')).resolve(cls + ".java");
        Files.createDirectories(f.getParent());
        Files.writeString(f, "package " + pkg + ";\n" + body + "\nclass " + cls + " {}\n");
    }

    @Test
    void aCycleThroughImportsAndFullyQualifiedNamesIsFoundAndCommentsAndStringsDoNotCount() throws Exception {
        source("x.a", "A", "import x.b.B;");
        source("x.b", "B", "class Q { Object o = x.c.C.class; }");
        source("x.c", "C", "class R { Object o = x.a.A.class; }");
        source("x.d", "D", "/** {@link x.a.A} */ class S { String s = \"x.a.A\"; } // x.a.A");
        PackageGraph g = PackageGraph.of(dir, "x");
        assertThat(g.uses().get("x.d")).isEmpty();
        assertThat(g.cycles()).hasSize(1);
        assertThat(g.cycles().get(0)).contains("x.a").contains("x.b").contains("x.c");
    }

    @Test
    void aTreeWithoutCyclesHasNone() throws Exception {
        source("x.a", "A", "import x.b.B;");
        source("x.b", "B", "");
        assertThat(PackageGraph.of(dir, "x").cycles()).isEmpty();
    }
}
