package io.rtsprecorder.recorder.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.rtsprecorder.recorder.access.AccessConfig;
import io.rtsprecorder.recorder.config.FederationConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * How a replica calls its peers: as a viewer with the peer token and scope=local, and within the timeout even when
 * a peer accepts the connection and never answers (it is then named unreachable).
 */
class FederationCallsTest {

    static final AccessConfig VIEWER = new AccessConfig(List.of("op"), null, List.of("viewer-1", "viewer-2"), null,
            false, true);

    @Test
    void aPeerIsAskedAsAViewerForItsOwnVolumeAndASilentOneIsUnreachableWithinTheTimeout() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpServer answering = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        answering.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI() + " " + exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "{\"total\": 1}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        answering.start();
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (held.size() < 5) {
                        held.add(silent.accept()); // accepted, never answered
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            URI good = URI.create("http://127.0.0.1:" + answering.getAddress().getPort());
            URI mute = URI.create("http://127.0.0.1:" + silent.getLocalPort());
            FederationConfig config = new FederationConfig(List.of(good, mute), null, 8080, null,
                    Duration.ofSeconds(5), "a");
            try (Federation f = Federation.create(config, VIEWER, () -> 1)) {
                long t0 = System.nanoTime();
                Federation.Answers<JsonNode> answers = f.json("/api/v1/recordings?device=gate");
                long millis = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("two peers, one silent: answered in %d ms (timeout 5 s)%n", millis);
                assertThat(answers.answers()).containsOnlyKeys(good);
                assertThat(answers.answers().get(good).path("total").asInt()).isEqualTo(1);
                assertThat(answers.unreachable()).containsExactly(mute);
            }
            assertThat(seen).containsExactly("/api/v1/recordings?device=gate&scope=local Bearer viewer-1");
        } finally {
            answering.stop(0);
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void aClosedApiWithoutAnyViewerTokenCannotCallPeers() {
        FederationConfig config = new FederationConfig(List.of(URI.create("http://127.0.0.1:1")), null, 8080, null,
                null, "a");
        AccessConfig operatorsOnly = new AccessConfig(List.of("op"), null, List.of(), null, false, true);
        assertThatThrownBy(() -> Federation.create(config, operatorsOnly, () -> 1)).hasMessageContaining(
                "no viewer token");
        assertThat(Federation.off().enabled()).isFalse();
    }
}
