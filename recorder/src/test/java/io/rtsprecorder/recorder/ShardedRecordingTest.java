package io.rtsprecorder.recorder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.rtsprecorder.camera.MockCamera;
import io.rtsprecorder.camera.MockCameraConfig;
import io.rtsprecorder.camera.MountConfig;
import io.rtsprecorder.recorder.config.ConfigLoader;
import io.rtsprecorder.recorder.k8s.ShardingConfig;
import io.rtsprecorder.testsupport.MediaOracle;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharded recording end to end: recorders as separate processes ({@code CameraSource=kubernetes}) against fabric8's
 * mock API server in CRUD mode (Leases, the Camera CRD from deploy/, watches, the status subresource), with thirty
 * cameras on one mock camera. Three replicas share them evenly; one is SIGKILLed and its cameras record elsewhere
 * after the lease expires; a fourth joins and the shares even out again. Whether a camera was ever recorded by two
 * replicas at once is judged from the files themselves: their start time (the name) and duration (ffprobe).
 */
class ShardedRecordingTest {

    private static final int CAMERAS = 30;
    private static final Duration LEASE = Duration.ofSeconds(6);
    private static final String TOKEN = "sharded-test-operator-token-0123456789";
    /** The viewer token the replicas also ask each other for footage with. */
    private static final String VIEWER = "sharded-test-viewer-token-0123456789";
    private static final int REPLICAS = 4;
    private static final String NAMESPACE = "recorders";
    private static final Pattern FILE_START = Pattern.compile("_(\\d{8}T\\d{6})Z\\.mp4$");

    @TempDir
    Path dir;
    private KubernetesMockServer api;
    private KubernetesClient client;
    private MockCamera camera;
    /** Replicas by name, in start order: their save paths and ports stay reachable for the assertions. */
    private final Map<String, ChildRecorder> replicas = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Each replica's port, chosen before any starts, since every replica lists all of them as its peers. */
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    @BeforeEach
    void start() throws IOException {
        api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        client = api.createClient();
        try (InputStream in = new FileInputStream(Path.of("..", "deploy", "crd", "camera.yaml").toFile())) {
            client.apiextensions().v1().customResourceDefinitions().load(in).create();
        }
        List<MountConfig> mounts = IntStream.range(0, CAMERAS)
                .mapToObj(i -> MountConfig.bundled("/cam-%02d".formatted(i), "h264-aac-640x360-25fps.mp4")).toList();
        camera = MockCamera.start(MockCameraConfig.loopback(mounts).withPorts(0, -1));
    }

    @AfterEach
    void stop() throws InterruptedException, IOException {
        for (ChildRecorder r : replicas.values()) {
            r.process.destroyForcibly();
        }
        for (ChildRecorder r : replicas.values()) {
            r.process.waitFor(10, TimeUnit.SECONDS);
        }
        // the replicas' logs outlive the temporary directory, for a look after a failure
        Path logs = Files.createDirectories(Path.of("target", "sharded-recording-logs"));
        for (String r : replicas.keySet()) {
            Files.copy(dir.resolve(r + ".log"), logs.resolve(r + ".log"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (camera != null) {
            camera.close();
        }
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.destroy();
        }
    }

    private ChildRecorder replica(String name) throws IOException {
        Path save = Files.createDirectories(dir.resolve(name));
        Map<String, String> env = new HashMap<>();
        env.put(ConfigLoader.SAVE_PATH, save.toString());
        env.put(ConfigLoader.API_TOKEN, TOKEN);
        env.put(ConfigLoader.VIEWER_TOKEN, VIEWER);
        env.put(ConfigLoader.PEERS, String.join(",", ports.values().stream().map(p -> "http://127.0.0.1:" + p)
                .toList()));
        env.put(ConfigLoader.RECORD_ON_START, "true");
        env.put(ShardingConfig.CAMERA_SOURCE, "kubernetes");
        env.put(ShardingConfig.POD_NAME, name);
        env.put(ShardingConfig.POD_NAMESPACE, NAMESPACE);
        env.put(ShardingConfig.LEASE_DURATION, LEASE.toSeconds() + "s");
        env.put("KUBERNETES_MASTER", "http://127.0.0.1:" + api.getPort());
        env.put("KUBERNETES_NAMESPACE", NAMESPACE);
        env.put("KUBERNETES_AUTH_TOKEN", "mock-service-account-token");
        env.put("KUBERNETES_TRUST_CERTIFICATES", "true");
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        env.put("NO_PROXY", "127.0.0.1,localhost");
        ChildRecorder r = ChildRecorder.start(env, dir.resolve(name + (replicas.containsKey(name) ? "-again" : "")
                + ".log"), ports.get(name));
        replicas.put(name, r);
        return r;
    }

    @Test
    void thirtyCamerasOnThreeReplicasFailOverAfterASigkillAndRebalanceOntoAFourth() throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < REPLICAS; i++) {
            ports.put("rtsp-recorder-" + i, ChildRecorder.freePort());
        }
        for (int i = 0; i < 3; i++) {
            replica("rtsp-recorder-" + i);
        }
        awaitMembers(3, Duration.ofSeconds(40));
        for (ChildRecorder r : replicas.values()) {
            awaitListening(r, Duration.ofSeconds(30));
        }
        // the cameras arrive through the API of one replica, which writes them as Camera resources
        ChildRecorder first = replicas.get("rtsp-recorder-0");
        for (int i = 0; i < CAMERAS; i++) {
            HttpResponse<String> r = post(first, "/register", "{\"deviceName\":\"%s\",\"serverAddress\":\"%s\"}"
                    .formatted(name(i), camera.url("/" + name(i))));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        assertThat(client.genericKubernetesResources("rtsp-recorder.io/v1alpha1", "Camera").inNamespace(NAMESPACE)
                .list().getItems()).hasSize(CAMERAS);

        phase("three replicas up, thirty cameras registered", t0);
        Map<String, Set<String>> owners = awaitEvenShares(List.copyOf(replicas.keySet()), 10, Duration.ofSeconds(30));
        phase("every camera recorded once", t0);
        Map<String, Integer> before = shares(owners);
        System.out.printf("shares of three replicas: %s%n", before);
        assertThat(before.values()).allSatisfy(n -> assertThat(n).isBetween(9, 11));
        assertThat(owners.values()).allSatisfy(by -> assertThat(by).hasSize(1));
        awaitStatusInCameraResources(Duration.ofSeconds(15));

        // SIGKILL one replica: its cameras must record again elsewhere
        ChildRecorder victim = replicas.get("rtsp-recorder-2");
        Set<String> orphans = new TreeSet<>();
        owners.forEach((cam, by) -> {
            if (by.contains("rtsp-recorder-2")) {
                orphans.add(cam);
            }
        });
        Instant killedAt = Instant.now();
        victim.process.destroyForcibly();
        assertThat(victim.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        List<String> survivors = List.of("rtsp-recorder-0", "rtsp-recorder-1");
        Map<String, Duration> failover = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (failover.size() < orphans.size() && System.nanoTime() < deadline) {
            Map<String, Set<String>> now = recordingNow(survivors);
            Instant at = Instant.now();
            for (String cam : orphans) {
                if (!failover.containsKey(cam) && !now.getOrDefault(cam, Set.of()).isEmpty()) {
                    failover.put(cam, Duration.between(killedAt, at));
                }
            }
            Thread.sleep(100);
        }
        assertThat(failover.keySet()).as("cameras of the killed replica recorded again").isEqualTo(orphans);
        List<Long> millis = failover.values().stream().map(Duration::toMillis).sorted().toList();
        System.out.printf("failover after SIGKILL, per camera (lease %d s): min %.1f s, median %.1f s, max %.1f s; "
                + "all: %s%n", LEASE.toSeconds(), millis.get(0) / 1e3, millis.get(millis.size() / 2) / 1e3,
                millis.get(millis.size() - 1) / 1e3, millis);
        assertThat(millis.get(millis.size() - 1)).as("failover within lease duration + 5 s")
                .isLessThanOrEqualTo(LEASE.plusSeconds(5).toMillis());
        phase("failover complete", t0);
        owners = awaitEvenShares(survivors, 15, Duration.ofSeconds(20));
        Map<String, Integer> afterKill = shares(owners);
        System.out.printf("shares after the kill: %s%n", afterKill);
        assertThat(afterKill.values()).allSatisfy(n -> assertThat(n).isBetween(14, 16));

        // a fourth replica joins: cameras move to it, one hand-over per round and replica, until shares are even
        replica("rtsp-recorder-3");
        List<String> live = List.of("rtsp-recorder-0", "rtsp-recorder-1", "rtsp-recorder-3");
        Map<String, Instant> lastSeen = new HashMap<>();
        Map<String, Duration> longestGap = new TreeMap<>();
        Map<String, Set<String>> evenOwners = null;
        deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Set<String>> now = recordingNow(live);
            Instant at = Instant.now();
            for (int i = 0; i < CAMERAS; i++) {
                String cam = name(i);
                if (!now.getOrDefault(cam, Set.of()).isEmpty()) {
                    Instant last = lastSeen.get(cam);
                    if (last != null) {
                        longestGap.merge(cam, Duration.between(last, at), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                    }
                    lastSeen.put(cam, at);
                }
            }
            Map<String, Integer> s = shares(now);
            if (now.size() == CAMERAS && live.stream().allMatch(r -> s.getOrDefault(r, 0) >= 9
                    && s.getOrDefault(r, 0) <= 11)) {
                evenOwners = now;
                break;
            }
            Thread.sleep(100);
        }
        assertThat(evenOwners).as("shares even with a fourth replica; last: %s", shares(recordingNow(live)))
                .isNotNull();
        Map<String, Set<String>> finalOwners = evenOwners;
        Map<String, Integer> afterJoin = shares(finalOwners);
        Duration worstGap = longestGap.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
        System.out.printf("shares after the fourth replica joined: %s; longest gap of a moved camera %.1f s%n",
                afterJoin, worstGap.toMillis() / 1e3);
        assertThat(afterJoin.values()).allSatisfy(n -> assertThat(n).isBetween(9, 11));
        assertThat(finalOwners.values()).allSatisfy(by -> assertThat(by).hasSize(1));
        assertThat(worstGap).as("a hand-over's gap: stop, one round, one connect")
                .isLessThanOrEqualTo(LEASE.dividedBy(3).plusSeconds(5));
        phase("shares even with the fourth replica", t0);

        // the API of a replica that does not record a camera switches it off and deletes another: Camera objects
        String off = name(0);
        String gone = name(1);
        ChildRecorder notOwner = replicas.get(live.stream().filter(r -> !finalOwners.get(off).contains(r))
                .findFirst().orElseThrow());
        HttpResponse<String> update = post(notOwner, "/update", "{\"deviceName\":\"%s\",\"record\":false}"
                .formatted(off));
        assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
        HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + notOwner.port
                + "/api/v1/devices/" + gone)).header("Authorization", "Bearer " + TOKEN).DELETE()
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).as(delete.body()).isEqualTo(200);
        deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Set<String>> now = recordingNow(live);
        while ((now.containsKey(off) || now.containsKey(gone)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            now = recordingNow(live);
        }
        assertThat(now).as("switched off and deleted through another replica's API").doesNotContainKeys(off, gone);
        assertThat(client.genericKubernetesResources("rtsp-recorder.io/v1alpha1", "Camera").inNamespace(NAMESPACE)
                .withName(gone).get()).isNull();
        Object switched = client.genericKubernetesResources("rtsp-recorder.io/v1alpha1", "Camera")
                .inNamespace(NAMESPACE).withName(off).get().get("spec", "recording");
        assertThat(switched).isEqualTo(false);
        assertThat(now).hasSize(CAMERAS - 2);
        phase("a camera switched off and one deleted through the API", t0);
        Thread.sleep(1500); // the moved cameras' new files get some footage

        // the killed replica comes back on its volume, as the StatefulSet restarts it: then every replica's
        // listing shows every segment on every volume, each once, with the replica that holds it
        replica("rtsp-recorder-2");
        awaitListening(replicas.get("rtsp-recorder-2"), Duration.ofSeconds(30));
        assertEveryReplicaListsEverySegment();
        phase("every replica lists every segment", t0);

        for (String r : replicas.keySet()) { // SIGTERM: files closed, leases released
            replicas.get(r).process.destroy();
        }
        for (String r : replicas.keySet()) {
            assertThat(replicas.get(r).process.waitFor(20, TimeUnit.SECONDS)).as(r + " stopped").isTrue();
        }
        phase("replicas stopped", t0);
        assertNoCameraRecordedTwiceForLongerThanALease();
        System.out.printf("sharded recording test: %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Every segment file on the four volumes when the check starts is in the listing of every replica, once, named
     * by the replica that holds it; no peer is missing from the answer.
     */
    private void assertEveryReplicaListsEverySegment() throws Exception {
        Map<String, String> holder = new TreeMap<>();
        for (String r : replicas.keySet()) {
            for (Path f : RecorderHarness.segmentFiles(dir.resolve(r))) {
                holder.put(f.getFileName().toString(), r);
            }
        }
        for (String r : replicas.keySet()) {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + replicas.get(r).port + "/api/v1/recordings?order=oldest&limit=10000"))
                    .header("Authorization", "Bearer " + VIEWER).timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
            JsonNode body = RecorderHarness.JSON.readTree(resp.body());
            assertThat(body.path("unreachable")).as("peers %s did not answer", body.path("unreachable")).isEmpty();
            Map<String, String> listed = new TreeMap<>();
            for (JsonNode seg : body.path("segments")) {
                assertThat(listed.put(seg.path("name").asText(), seg.path("replica").asText()))
                        .as("%s listed twice by %s", seg.path("name").asText(), r).isNull();
            }
            assertThat(listed).as("the listing of %s", r).containsAllEntriesOf(holder);
        }
        System.out.printf("every replica lists all %d segments of the %d volumes with their holders%n",
                holder.size(), replicas.size());
    }

    /**
     * From the files: per camera, how long files of different replicas cover the same wall-clock time. A file starts
     * at the time in its name and lasts its duration (ffprobe). For files {@code a} and a later {@code b} of another
     * replica, the overlap is at most {@code a}'s end minus {@code b}'s start, so only files followed by another
     * replica's file are probed.
     */
    private void assertNoCameraRecordedTwiceForLongerThanALease() throws IOException {
        Map<String, List<Span>> spans = new TreeMap<>();
        for (String r : replicas.keySet()) {
            Path save = dir.resolve(r);
            for (Path f : RecorderHarness.segmentFiles(save)) {
                Matcher m = FILE_START.matcher(f.getFileName().toString());
                if (m.find()) {
                    Instant start = LocalDateTime.parse(m.group(1), DateTimeFormatter.ofPattern(
                            "yyyyMMdd'T'HHmmss")).toInstant(ZoneOffset.UTC);
                    spans.computeIfAbsent(save.relativize(f).getName(0).toString(), c -> new ArrayList<>())
                            .add(new Span(r, start, f));
                }
            }
        }
        assertThat(spans.keySet()).as("every camera has files").hasSize(CAMERAS);
        Duration worst = Duration.ZERO;
        int probed = 0;
        for (Map.Entry<String, List<Span>> e : spans.entrySet()) {
            List<Span> list = new ArrayList<>(e.getValue());
            list.sort(java.util.Comparator.comparing(Span::from));
            for (int i = 0; i < list.size(); i++) {
                Span a = list.get(i);
                Instant aEnd = null;
                for (int j = i + 1; j < list.size(); j++) {
                    Span b = list.get(j);
                    if (a.replica().equals(b.replica())) {
                        continue;
                    }
                    if (aEnd == null) {
                        aEnd = a.from().plusMillis((long) (MediaOracle.get().probe(a.file()).duration() * 1000));
                        probed++;
                    }
                    Duration overlap = Duration.between(b.from(), aEnd);
                    worst = overlap.compareTo(worst) > 0 ? overlap : worst;
                    assertThat(overlap).as("%s recorded by %s and %s at once: %s until %s, %s", e.getKey(),
                            a.replica(), b.replica(), a, aEnd, b).isLessThanOrEqualTo(LEASE);
                }
            }
        }
        System.out.printf("files of %d cameras on %d volumes (%d probed): longest time two replicas recorded one "
                + "camera at once %.1f s (file names have whole seconds)%n", spans.size(), replicas.size(), probed,
                worst.toMillis() / 1e3);
    }

    private record Span(String replica, Instant from, Path file) {
    }

    private static void phase(String what, long t0) {
        System.out.printf("%6.1f s  %s%n", (System.nanoTime() - t0) / 1e9, what);
    }

    private static String name(int i) {
        return "cam-%02d".formatted(i);
    }

    private void awaitMembers(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Lease> members = List.of();
        while (System.nanoTime() < deadline) {
            members = client.resources(Lease.class).inNamespace(NAMESPACE).list().getItems().stream()
                    .filter(l -> l.getMetadata().getName().startsWith("member.")).toList();
            if (members.size() >= n) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("only " + members.size() + " replicas announced within " + timeout + "; logs in "
                + dir);
    }

    private void awaitListening(ChildRecorder r, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port + "/healthz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("replica on port " + r.port + " not listening within " + timeout);
    }

    /** Waits until every camera is RECORDING on exactly one of {@code names} and each holds {@code share} ± 1. */
    private Map<String, Set<String>> awaitEvenShares(List<String> names, int share, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Set<String>> now = Map.of();
        while (System.nanoTime() < deadline) {
            now = recordingNow(names);
            Map<String, Integer> s = shares(now);
            if (now.size() == CAMERAS && now.values().stream().allMatch(by -> by.size() == 1)
                    && names.stream().allMatch(r -> Math.abs(s.getOrDefault(r, 0) - share) <= 1)) {
                return now;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not every camera recorded once with even shares within " + timeout + ": "
                + shares(now) + " " + now);
    }

    /** Which replicas report each camera RECORDING now (cameras no replica records are absent). */
    private Map<String, Set<String>> recordingNow(List<String> names) {
        Map<String, Set<String>> by = new TreeMap<>();
        for (String r : names) {
            JsonNode status;
            try {
                HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + replicas.get(r).port + "/status?scope=local")).header("Authorization", "Bearer " + TOKEN)
                        .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
                status = RecorderHarness.JSON.readTree(resp.body());
            } catch (IOException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return by;
            }
            for (JsonNode d : status.path("devices")) {
                if (d.path("state").asText().equals("RECORDING")) {
                    by.computeIfAbsent(d.path("name").asText(), c -> new TreeSet<>()).add(r);
                }
            }
        }
        return by;
    }

    private static Map<String, Integer> shares(Map<String, Set<String>> owners) {
        Map<String, Integer> s = new TreeMap<>();
        owners.values().forEach(by -> by.forEach(r -> s.merge(r, 1, Integer::sum)));
        return Collections.unmodifiableMap(s);
    }

    /** The owners write state and owner into the Cameras' status, which {@code kubectl get cameras} shows. */
    private void awaitStatusInCameraResources(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long withStatus = 0;
        while (System.nanoTime() < deadline) {
            withStatus = client.genericKubernetesResources("rtsp-recorder.io/v1alpha1", "Camera")
                    .inNamespace(NAMESPACE).list().getItems().stream()
                    .filter(c -> c.getAdditionalProperties().get("status") instanceof Map<?, ?> st
                            && "RECORDING".equals(st.get("state")) && st.get("owner") != null
                            && st.get("lastFile") != null && st.get("lastFrameAt") != null)
                    .count();
            if (withStatus == CAMERAS) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(withStatus + " of " + CAMERAS + " Cameras have a RECORDING status within " + timeout);
    }

    private HttpResponse<String> post(ChildRecorder r, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.port + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
