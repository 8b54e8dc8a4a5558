package io.rtsprecorder.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The YAML of the product's original design document, through the same checks as our manifests: every defect it
 * has is reported, each with a message that says what is wrong.
 */
class OriginalDesignDefectsTest {

    private static Manifests resource(String name) throws Exception {
        try (InputStream in = OriginalDesignDefectsTest.class.getResourceAsStream("/original-design/" + name)) {
            return Manifests.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyDefectOfTheOriginalYamlIsReported() throws Exception {
        Manifests original = resource("storage.yaml").plus(resource("deployment.yaml"));
        List<String> problems = new ArrayList<>(DeployManifestsTest.schemaProblems(original));
        // cross-references are checked on what parses: the Deployment as a tree, whatever its schema problems
        problems.addAll(CrossReferences.check(original, Set.of("deviceshifu"), Set.of()));
        String all = String.join("\n", problems);
        System.out.println("problems found in the original design's YAML:\n" + all);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("PersistentVolume deviceshifu/<devicename>-pv")
                .contains("has no volume source"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("PersistentVolumeClaim <devicename>-pvc")
                .contains("has no namespace"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("has no storageClassName")
                .contains("never binds to [<devicename>-pv (class slow)]"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("Deployment deviceshifu/rtsp-recorder")
                .contains("spec.template.spec.containers[0].env"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("mounts volume storage-pv, which the pod does "
                + "not have"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("PersistentVolume")
                .contains("is cluster-scoped but names namespace deviceshifu"));
    }

    @Test
    void theMisspeltVolumesKeyAndOptionalOnAClaimAreUnknownFields() throws Exception {
        String yaml;
        try (InputStream in = getClass().getResourceAsStream("/original-design/deployment.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // with env written as the API wants it, the remaining defects surface as unknown fields
        Manifests fixedEnv = Manifests.parse(yaml.replaceAll("(?s)        env:\n.*?FileSavePath: \"\"\n",
                "        env: []\n"));
        List<String> problems = DeployManifestsTest.schemaProblems(fixedEnv);
        assertThat(problems).anySatisfy(p -> assertThat(p).endsWith("unknown field spec.template.spec.volumns"));
        Manifests fixedVolumes = Manifests.parse(yaml.replaceAll("(?s)        env:\n.*?FileSavePath: \"\"\n",
                "        env: []\n").replace("volumns:", "volumes:"));
        assertThat(DeployManifestsTest.schemaProblems(fixedVolumes)).anySatisfy(p -> assertThat(p)
                .endsWith("unknown field spec.template.spec.volumes[0].persistentVolumeClaim.optional"));
    }
}
