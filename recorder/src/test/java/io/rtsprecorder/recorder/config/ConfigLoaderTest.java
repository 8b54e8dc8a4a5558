package io.rtsprecorder.recorder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.media.mux.Container;
import io.rtsprecorder.media.rtsp.RtspClientConfig;
import io.rtsprecorder.recorder.access.AccessConfig;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.model.RecordingDefaults;
import io.rtsprecorder.recorder.model.RestreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theDesignsEnvironmentNamesWorkVerbatim() throws Exception {
        RecorderConfig c = ConfigLoader.load(Map.of(
                "RTSPServerAddress", "rtsp://192.168.1.64:554/Streaming/Channels/101",
                "UserName", "admin",
                "PasswordSecret", "hik-Pa55",
                "FileSavePath", "/data"));
        assertThat(c.savePath()).isEqualTo(Path.of("/data"));
        assertThat(c.cameras()).hasSize(1);
        CameraDefinition cam = c.cameras().get(0);
        assertThat(cam.name()).isEqualTo("camera");
        assertThat(cam.url()).isEqualTo("rtsp://192.168.1.64:554/Streaming/Channels/101");
        assertThat(cam.credentials().username()).isEqualTo("admin");
        assertThat(cam.credentials().password()).isEqualTo("hik-Pa55");
        assertThat(cam.toString()).doesNotContain("hik-Pa55");
        assertThat(c.defaultCamera()).isEqualTo("camera");
        assertThat(c.defaults()).isEqualTo(RecordingDefaults.standard());
        assertThat(c.httpPort()).isEqualTo(8080);
        assertThat(c.access()).as("closed, no token configured: one is generated").isEqualTo(AccessConfig.standard());
    }

    @Test
    void defaultsAreOneHourMp4OverTcpIntoData() throws Exception {
        RecorderConfig c = ConfigLoader.load(Map.of());
        assertThat(c.savePath()).isEqualTo(Path.of("/data"));
        assertThat(c.defaults().segmentDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(c.defaults().container()).isEqualTo(Container.FRAGMENTED_MP4);
        assertThat(c.defaults().transport()).isEqualTo(RtspClientConfig.Transport.TCP);
        assertThat(c.defaults().recordOnStart()).isTrue();
        assertThat(c.cameras()).isEmpty();
        assertThat(c.defaultCamera()).isNull();
    }

    @Test
    void hostPortPathBecomesAnRtspUrlAndEveryOptionIsRead() throws Exception {
        Path passwordFile = Files.writeString(dir.resolve("password"), "from-file\n");
        Path tokenFile = Files.writeString(dir.resolve("token"), "tok-123\n");
        RecorderConfig c = ConfigLoader.load(Map.ofEntries(
                Map.entry("RTSPServerAddress", "deviceshifu-cam.deviceshifu.svc.cluster.local:554/h264"),
                Map.entry("DeviceName", "gate"),
                Map.entry("PasswordFile", passwordFile.toString()),
                Map.entry("SegmentDuration", "90s"),
                Map.entry("SegmentAlignToClock", "yes"),
                Map.entry("ContainerFormat", "TS"),
                Map.entry("FileNamePattern", "{device}/{datetime}.{ext}"),
                Map.entry("RTSPTransport", "auto"),
                Map.entry("StreamTimeout", "30s"),
                Map.entry("RecordOnStart", "false"),
                Map.entry("HTTPPort", "9090"),
                Map.entry("APITokenFile", tokenFile.toString())));
        CameraDefinition cam = c.cameras().get(0);
        assertThat(cam.url()).isEqualTo("rtsp://deviceshifu-cam.deviceshifu.svc.cluster.local:554/h264");
        assertThat(cam.name()).isEqualTo("gate");
        assertThat(cam.credentials().password()).isEqualTo("from-file");
        assertThat(c.defaults()).isEqualTo(new RecordingDefaults(Duration.ofSeconds(90), true, Container.MPEG_TS,
                "{device}/{datetime}.{ext}", RtspClientConfig.Transport.AUTO, Duration.ofSeconds(30), false,
                        Duration.ZERO));
        assertThat(c.httpPort()).isEqualTo(9090);
        assertThat(c.access().operatorTokenFile()).isEqualTo(tokenFile);
        assertThat(c.access().open()).isFalse();
    }

    @Test
    void aTokenFileNotThereYetInADirectoryThatIsIsAcceptedAsAnOptionalSecretMountLooks() throws Exception {
        Path mount = Files.createDirectories(dir.resolve("tokens"));
        RecorderConfig c = ConfigLoader.load(Map.of("RTSPServerAddress", "rtsp://cam/x",
                "APITokenFile", mount.resolve("operator").toString(),
                "ViewerTokenFile", mount.resolve("viewer").toString()));

        assertThat(c.access().operatorTokenFile()).isEqualTo(mount.resolve("operator"));
        assertThat(c.access().viewerTokenFile()).isEqualTo(mount.resolve("viewer"));
    }

    @Test
    void yamlFileDefinesCamerasAndEnvironmentWinsOverIt() throws Exception {
        Path pw = Files.writeString(dir.resolve("lobby-pw"), "lobby-secret");
        Path yaml = Files.writeString(dir.resolve("config.yaml"), """
                fileSavePath: /recordings
                httpPort: 8081
                recording:
                  segmentDuration: 30m
                  container: flv
                cameras:
                  - name: lobby
                    address: rtsp://10.0.0.5/stream1
                    userName: viewer
                    passwordFile: %s
                  - name: yard
                    address: 10.0.0.6:8554/main
                    secretName: yard-camera
                    record: false
                """.formatted(pw));
        RecorderConfig c = ConfigLoader.load(Map.of("ConfigFile", yaml.toString(), "SegmentDuration", "10m",
                "FileSavePath", "/data"));
        assertThat(c.savePath()).isEqualTo(Path.of("/data"));
        assertThat(c.httpPort()).isEqualTo(8081);
        assertThat(c.defaults().segmentDuration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.defaults().container()).isEqualTo(Container.FLV);
        assertThat(c.cameras()).extracting(CameraDefinition::name).containsExactly("lobby", "yard");
        assertThat(c.cameras().get(0).credentials().password()).isEqualTo("lobby-secret");
        assertThat(c.cameras().get(1).secretName()).isEqualTo("yard-camera");
        assertThat(c.cameras().get(1).recording()).isFalse();
        assertThat(c.cameras().get(1).origin()).isEqualTo(CameraDefinition.Origin.FILE);
        assertThat(c.defaultCamera()).as("two cameras and none from the environment").isNull();
    }

    @Test
    void theRestreamListensOn8554WhereTheApiDoesUnlessTurnedOff() throws Exception {
        RestreamConfig standard = ConfigLoader.load(Map.of("HTTPAddress", "10.1.2.3")).restream();
        assertThat(standard).isEqualTo(new RestreamConfig("10.1.2.3", 8554, 50, 200));
        assertThat(standard.enabled()).isTrue();
        for (String off : List.of("off", "OFF", "0")) {
            assertThat(ConfigLoader.load(Map.of("RTSPPort", off)).restream().enabled()).as(off).isFalse();
        }
        RestreamConfig set = ConfigLoader.load(Map.of("RTSPPort", "9554", "RTSPAddress", "127.0.0.1",
                "RestreamMaxViewersPerCamera", "3", "RestreamMaxViewers", "7")).restream();
        assertThat(set).isEqualTo(new RestreamConfig("127.0.0.1", 9554, 3, 7));
        Path yaml = dir.resolve("restream.yaml");
        Files.writeString(yaml, "restream:\n  port: 10554\n  maxViewersPerCamera: 4\n");
        assertThat(ConfigLoader.load(Map.of("ConfigFile", yaml.toString())).restream())
                .isEqualTo(new RestreamConfig("0.0.0.0", 10554, 4, 200));
    }

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("SegmentDuration", "3600", "SegmentDuration: '3600' is not a duration"),
                Arguments.of("SegmentDuration", "2d", "SegmentDuration: '48h' is out of range; use 1s to 24h"),
                Arguments.of("ContainerFormat", "mkv",
                        "ContainerFormat: unknown container 'mkv'; accepted: mp4, flv, ts"),
                Arguments.of("RTSPTransport", "http", "RTSPTransport: 'http' is not a transport; use tcp"),
                Arguments.of("RecordOnStart", "maybe", "RecordOnStart: 'maybe' is not a switch; use true or false"),
                Arguments.of("HTTPPort", "80000", "HTTPPort: '80000' is not a port; use 1-65535"),
                Arguments.of("FileSavePath", "data", "FileSavePath: 'data' must be an absolute path"),
                Arguments.of("FileNamePattern", "{device}.{ext}", "FileNamePattern: file name pattern must"),
                Arguments.of("StreamTimeout", "0s", "StreamTimeout: '0ms' is out of range; use 1s to 5m"),
                Arguments.of("RTSPServerAddress", "http://cam/x", "RTSPServerAddress: 'http://cam/x' is not an RTSP address"),
                Arguments.of("DeviceName", "../up", "DeviceName: camera name '../up' must be"),
                Arguments.of("PasswordFile", "/no/such/file", "PasswordFile: cannot read /no/such/file"),
                Arguments.of("APITokenFile", "/no/such/dir/operator",
                        "APITokenFile: cannot read /no/such/dir/operator"),
                Arguments.of("ConfigFile", "/no/such.yaml", "ConfigFile: cannot read /no/such.yaml"),
                Arguments.of("RTSPPort", "rtsp", "RTSPPort: 'rtsp' is not a port; use 1-65535, or 0 or off"),
                Arguments.of("RestreamMaxViewers", "0", "RestreamMaxViewers: '0' is not a number of viewers"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("invalidValues")
    void eachInvalidValueGivesOneLineNamingTheVariable(String variable, String value, String expected) {
        Map<String, String> env = new HashMap<>();
        env.put("RTSPServerAddress", "rtsp://cam.local/stream");
        env.put(variable, value);
        assertThatThrownBy(() -> ConfigLoader.load(env)).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems()).hasSize(1);
            assertThat(e.problems().get(0)).startsWith(expected).doesNotContain("\n");
        });
    }

    @Test
    void allProblemsAreReportedTogetherWithoutThePassword() {
        assertThatThrownBy(() -> ConfigLoader.load(Map.of(
                "RTSPServerAddress", "ftp://admin:TopSecret99@cam/x",
                "SegmentDuration", "soon",
                "ContainerFormat", "avi",
                "HTTPPort", "http")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).hasSize(4);
                    assertThat(String.join("\n", e.problems())).doesNotContain("TopSecret99");
                });
    }

    @Test
    void brokenYamlAndUnknownKeysAreReportedWithTheirPlace() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "cameras:\n  - name: a\n   address: [\n");
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("ConfigFile", bad.toString())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems().get(0))
                        .startsWith("ConfigFile: " + bad + " is not valid YAML at line"));
        Path typo = Files.writeString(dir.resolve("typo.yaml"), """
                recording:
                  segmentDuraton: 1h
                cameras:
                  - name: a
                    adress: rtsp://x/y
                """);
        assertThatThrownBy(() -> ConfigLoader.load(Map.of("ConfigFile", typo.toString())))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "recording.segmentDuraton (config file): unknown key; known keys: alignToClock, caFile, "
                                + "container, fileNamePattern, preRoll, recordOnStart, segmentDuration, streamTimeout, "
                                + "transport",
                        "cameras[0].adress (config file): unknown key; known keys: address, allowBasicAuth, caFile, "
                                + "name, password, passwordFile, record, secretName, tlsFingerprint, userName",
                        "cameras[0].address (config file): missing; set it to the camera's rtsp://host:port/path"));
    }

    @Test
    void durationsReadTheWaysPeopleWriteThem() {
        assertThat(DurationText.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse(" 500ms ")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("PT2H")).isEqualTo(Duration.ofHours(2));
        for (String bad : List.of("", "1", "h", "1x", "1h 30m", "-5s", "PTx")) {
            assertThatThrownBy(() -> DurationText.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("write it like 90s, 30m, 1h");
        }
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    }
}
