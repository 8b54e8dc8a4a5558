package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.testsupport.PackageGraph;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The service's packages depend on each other in one direction only: no cycles among them. */
class PackageCyclesTest {

    @Test
    void noPackageOfTheServiceDependsOnAPackageThatDependsOnIt() {
        PackageGraph graph = PackageGraph.of(Path.of("src", "main", "java"), "io.rtsprecorder.recorder");
        assertThat(graph.uses()).as("packages read").containsKeys("io.rtsprecorder.recorder.device",
                "io.rtsprecorder.recorder.storage", "io.rtsprecorder.recorder.config");
        assertThat(graph.cycles()).as("package cycles; uses: %s", graph.uses()).isEmpty();
    }
}
