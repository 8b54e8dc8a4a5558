package io.rtsprecorder.media;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.testsupport.PackageGraph;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The media library's packages depend on each other in one direction only: no cycles among them. */
class PackageCyclesTest {

    @Test
    void noPackageOfTheMediaLibraryDependsOnAPackageThatDependsOnIt() {
        PackageGraph graph = PackageGraph.of(Path.of("src", "main", "java"), "io.rtsprecorder.media");
        assertThat(graph.uses()).as("packages read").containsKeys("io.rtsprecorder.media.rtsp",
                "io.rtsprecorder.media.mux", "io.rtsprecorder.media.record");
        assertThat(graph.cycles()).as("package cycles; uses: %s", graph.uses()).isEmpty();
    }
}
