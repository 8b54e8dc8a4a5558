package io.rtsprecorder.recorder.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.media.rtsp.CertificateFingerprint;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import io.rtsprecorder.recorder.model.CameraDefinition;
import io.rtsprecorder.recorder.model.CameraSecurity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceStoreTest {

    @TempDir
    Path dir;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void savesApiCamerasWholeAndConfiguredCamerasAsASwitchWithoutPasswords() throws Exception {
        DeviceStore store = new DeviceStore(dir, clock);
        store.save(List.of(
                new CameraDefinition("env-cam", "rtsp://cam/a", new Credentials("admin", "EnvPassword1"), null, false,
                        CameraDefinition.Origin.ENV),
                new CameraDefinition("lobby", "rtsp://10.0.0.5/s", null, "lobby-secret", true,
                        CameraDefinition.Origin.API)));
        String saved = Files.readString(store.file());
        assertThat(saved).doesNotContain("EnvPassword1").doesNotContain("rtsp://cam/a").contains("lobby-secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file()))).isEqualTo("rw-------");
        assertThat(Files.list(store.file().getParent())).as("no temporary file left").hasSize(1);

        DeviceStore.Loaded loaded = new DeviceStore(dir, clock).load();
        assertThat(loaded.problem()).isNull();
        assertThat(loaded.cameras()).extracting(CameraDefinition::name, CameraDefinition::recording,
                CameraDefinition::origin).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("env-cam", false, CameraDefinition.Origin.ENV),
                        org.assertj.core.groups.Tuple.tuple("lobby", true, CameraDefinition.Origin.API));
        assertThat(loaded.cameras().get(1).url()).isEqualTo("rtsp://10.0.0.5/s");
        assertThat(loaded.cameras().get(1).secretName()).isEqualTo("lobby-secret");
    }

    @Test
    void aRegisteredCamerasTlsTrustAndBasicPermissionSurviveARestart() throws Exception {
        String pin = "9F:86:D0:81:88:4C:7D:65:9A:2F:EA:A0:C5:5A:D0:15:A3:BF:4F:1B:2B:0B:82:2C:D1:5D:6C:15:B0:F0:0A:08";
        CameraSecurity pinned = new CameraSecurity(null, CertificateFingerprint.parseList(pin), false);
        CameraSecurity ca = new CameraSecurity(Path.of("/etc/cameras/ca.pem"), List.of(), false);
        CameraSecurity basic = new CameraSecurity(null, List.of(), true);
        DeviceStore store = new DeviceStore(dir, clock);
        store.save(List.of(
                new CameraDefinition("gate", "rtsps://10.0.0.7/s", null, null, true, CameraDefinition.Origin.API,
                        pinned),
                new CameraDefinition("door", "rtsps://door/s", null, null, true, CameraDefinition.Origin.API, ca),
                new CameraDefinition("dome", "rtsp://10.0.0.9/s", null, null, true, CameraDefinition.Origin.API, basic),
                new CameraDefinition("hall", "rtsp://10.0.0.8/s", null, null, true, CameraDefinition.Origin.API)));
        assertThat(Files.readString(store.file())).contains(pin).contains("/etc/cameras/ca.pem");
        assertThat(new DeviceStore(dir, clock).load().cameras()).extracting(CameraDefinition::security)
                .containsExactly(pinned, ca, basic, CameraSecurity.DEFAULT);
    }

    @Test
    void corruptFileIsKeptAsideAndReportedNotSilentlyDropped() throws Exception {
        DeviceStore store = new DeviceStore(dir, clock);
        Files.createDirectories(store.file().getParent());
        Files.writeString(store.file(), "{\"version\":1,\"devices\":[{\"name\":\"a\"");
        DeviceStore.Loaded loaded = store.load();
        assertThat(loaded.cameras()).isEmpty();
        assertThat(loaded.problem()).contains("not valid JSON").contains("devices.json.corrupt-20261125T100000Z");
        Path aside = store.file().resolveSibling("devices.json.corrupt-20261125T100000Z");
        assertThat(Files.readString(aside)).startsWith("{\"version\":1");
        assertThat(store.file()).doesNotExist();
    }

    @Test
    void missingFileMeansNothingSavedYet() throws Exception {
        DeviceStore.Loaded loaded = new DeviceStore(dir, clock).load();
        assertThat(loaded.cameras()).isEmpty();
        assertThat(loaded.problem()).isNull();
    }
}
