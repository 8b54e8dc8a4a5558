package io.rtsprecorder.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Nothing but the recorder in what we ship: the service's jar holds no class, resource or sample clip of the mock
 * camera (the image ships this very file; ImageSmokeTest checks the copy inside the image too), and the
 * recorder's build depends on the camera for its tests only.
 */
class ShippedContentsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("recorder/target/rtsp-recorder.jar");

    @TempDir
    Path dir;

    @Test
    void theRecorderJarHoldsNoMockCameraAndNoMediaClip() throws IOException {
        assertThat(JAR).as("the shipped jar is built by the package phase (./mvnw verify, or "
                + "./mvnw -pl recorder -am package)").isRegularFile();
        assertThat(ShippedJar.forbiddenEntries(JAR)).as("entries of %s that must not ship", JAR).isEmpty();
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            assertThat(zip.getEntry("io/rtsprecorder/recorder/RecorderCommand.class")).as("it is the recorder")
                    .isNotNull();
        }
    }

    @Test
    void theRecorderDependsOnTheMockCameraForItsTestsOnly() throws Exception {
        NodeList deps = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(ROOT.resolve("recorder/pom.xml").toFile()).getElementsByTagName("dependency");
        int cameras = 0;
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if ("camera".equals(text(d, "artifactId"))) {
                cameras++;
                assertThat(text(d, "scope")).as("scope of the camera dependency in recorder/pom.xml")
                        .isEqualTo("test");
            }
        }
        assertThat(cameras).as("the recorder's tests record from the mock camera").isEqualTo(1);
    }

    @Test
    void theCheckFindsACameraClassAndASampleClip() throws IOException {
        Path jar = dir.resolve("polluted.jar");
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : new String[] {"io/rtsprecorder/recorder/RecorderCommand.class",
                "io/rtsprecorder/camera/MockCamera.class", "samples/h264-aac-640x360-25fps.MP4", "logback.xml"}) {
                zip.putNextEntry(new ZipEntry(name));
                zip.closeEntry();
            }
        }
        assertThat(ShippedJar.forbiddenEntries(jar)).containsExactly("io/rtsprecorder/camera/MockCamera.class",
                "samples/h264-aac-640x360-25fps.MP4");
    }

    private static String text(Element e, String child) {
        NodeList n = e.getElementsByTagName(child);
        return n.getLength() == 0 ? null : n.item(0).getTextContent().strip();
    }
}
