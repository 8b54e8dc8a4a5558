package io.rtsprecorder.recorder.federation;

import io.rtsprecorder.recorder.config.FederationConfig;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * The other replicas' base URLs, looked up afresh on each call (replicas come and go): every A record of the
 * headless Service ({@code PeerService}) on {@code HTTPPort}, and the static {@code Peers} list. This replica is
 * left out: an address of one of its own interfaces on its own HTTP port (so one static list can be given to every
 * replica alike).
 */
public final class Peers {

    /** Looks a name up; replaced in tests. */
    @FunctionalInterface
    interface Resolver {
        InetAddress[] all(String name) throws UnknownHostException;
    }

    private final FederationConfig config;
    private final IntSupplier ownPort;
    private final Resolver resolver;

    public Peers(FederationConfig config, IntSupplier ownPort) {
        this(config, ownPort, InetAddress::getAllByName);
    }

    Peers(FederationConfig config, IntSupplier ownPort, Resolver resolver) {
        this.config = config;
        this.ownPort = ownPort;
        this.resolver = resolver;
    }

    public boolean enabled() {
        return config.enabled();
    }

    /** The peers now, in a stable order; empty when none is configured or the Service has no other address. */
    public List<URI> list() {
        Set<URI> out = new LinkedHashSet<>();
        Set<InetAddress> own = ownAddresses();
        for (URI u : config.peers()) {
            if (!isSelf(u, own)) {
                out.add(u);
            }
        }
        if (config.peerService() != null) {
            try {
                List<InetAddress> addresses = new ArrayList<>(List.of(resolver.all(config.peerService())));
                addresses.sort((a, b) -> a.getHostAddress().compareTo(b.getHostAddress()));
                for (InetAddress a : addresses) {
                    if (!own.contains(a)) {
                        String host = a.getHostAddress().contains(":") ? "[" + a.getHostAddress() + "]"
                                : a.getHostAddress();
                        out.add(URI.create("http://" + host + ":" + config.peerPort()));
                    }
                }
            } catch (UnknownHostException e) {
                // no replica is ready yet (a headless Service lists ready pods only): no peers for now
            }
        }
        return List.copyOf(out);
    }

    private boolean isSelf(URI u, Set<InetAddress> own) {
        int port = u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
        if (port != ownPort.getAsInt()) {
            return false;
        }
        try {
            for (InetAddress a : resolver.all(u.getHost())) {
                if (own.contains(a)) {
                    return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    private static Set<InetAddress> ownAddresses() {
        Set<InetAddress> out = new LinkedHashSet<>();
        try {
            for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                out.addAll(Collections.list(n.getInetAddresses()));
            }
        } catch (SocketException e) {
            // none known: nothing is left out but by port
        }
        return out;
    }
}
