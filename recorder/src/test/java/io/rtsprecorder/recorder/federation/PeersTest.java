package io.rtsprecorder.recorder.federation;

import static org.assertj.core.api.Assertions.assertThat;

import io.rtsprecorder.recorder.config.FederationConfig;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which base URLs are this replica's peers. */
class PeersTest {

    static FederationConfig config(List<URI> peers, String service) {
        return new FederationConfig(peers, service, 8080, null, Duration.ofSeconds(1), "a");
    }

    static InetAddress ip(String s) throws UnknownHostException {
        return InetAddress.getByName(s);
    }

    @Test
    void everyARecordOfTheServiceOnTheHttpPortThisPodsOwnAddressLeftOut() throws Exception {
        Peers.Resolver dns = name -> name.equals("rtsp-recorder-peers")
                ? new InetAddress[] {ip("10.0.0.9"), ip("127.0.0.1"), ip("10.0.0.7")} : InetAddress.getAllByName(name);
        Peers peers = new Peers(config(List.of(), "rtsp-recorder-peers"), () -> 8080, dns);
        // 127.0.0.1 is an address of this host's loopback interface: this replica
        assertThat(peers.list()).containsExactly(URI.create("http://10.0.0.7:8080"),
                URI.create("http://10.0.0.9:8080"));
    }

    @Test
    void aNameThatDoesNotResolveYetIsNoPeerAndNoError() {
        Peers.Resolver dns = name -> {
            throw new UnknownHostException(name);
        };
        assertThat(new Peers(config(List.of(), "rtsp-recorder-peers"), () -> 8080, dns).list()).isEmpty();
    }

    @Test
    void aStaticListLeavesOutThisReplicaByItsOwnPort() {
        List<URI> all = List.of(URI.create("http://127.0.0.1:9001"), URI.create("http://127.0.0.1:9002"));
        Peers peers = new Peers(config(all, null), () -> 9001);
        assertThat(peers.list()).containsExactly(URI.create("http://127.0.0.1:9002"));
        assertThat(new Peers(FederationConfig.off(), () -> 9001).enabled()).isFalse();
    }
}
