package io.rtsprecorder.recorder.restream;

import io.rtsprecorder.media.codec.TrackFormat;
import io.rtsprecorder.media.rtsp.server.Admission;
import io.rtsprecorder.media.rtsp.server.LiveSource;
import io.rtsprecorder.media.rtsp.server.PacketSubscriber;
import io.rtsprecorder.media.rtsp.wire.RtspRequest;
import io.rtsprecorder.media.sdp.MediaDescription;
import io.rtsprecorder.media.sdp.SdpTracks;
import io.rtsprecorder.media.sdp.SessionDescription;
import io.rtsprecorder.recorder.live.LiveFeed;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One camera as the restream serves it, at {@code /<camera>}: the tracks of the camera's running session, described
 * as the recorder received them (parameter sets and the AAC configuration in the SDP), and one {@link Viewer} per
 * playing client on the camera's live feed. Admits only players with a viewer's or operator's token, only while the
 * camera is connected, and only while the camera and the service have room for one more viewer.
 */
final class CameraSource implements LiveSource {

    private static final int FIRST_DYNAMIC_PAYLOAD_TYPE = 96;

    private final String camera;
    private final LiveFeed feed;
    private final RestreamAccess access;
    private final Clock clock;
    private final int maxViewers;
    private final AtomicInteger serviceViewers;
    private final int maxServiceViewers;
    private final Map<PacketSubscriber, Viewer> viewers = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicLong droppedByGone = new AtomicLong();
    /** The tracks the latest DESCRIBE announced, with their payload types: what SETUP and PLAY then serve. */
    private volatile Described described = new Described(List.of(), List.of());

    private record Described(List<TrackFormat> tracks, List<Integer> payloadTypes) {
    }

    CameraSource(String camera, LiveFeed feed, RestreamAccess access, Clock clock, int maxViewers,
                 AtomicInteger serviceViewers, int maxServiceViewers) {
        this.camera = camera;
        this.feed = feed;
        this.access = access;
        this.clock = clock;
        this.maxViewers = maxViewers;
        this.serviceViewers = serviceViewers;
        this.maxServiceViewers = maxServiceViewers;
    }

    @Override
    public String path() {
        return "/" + camera;
    }

    LiveFeed feed() {
        return feed;
    }

    @Override
    public Admission admit(RtspRequest request, InetSocketAddress client) {
        Admission a = access.admit(request, client, camera);
        if (!a.admitted()) {
            return a;
        }
        if (!feed.live()) {
            return Admission.retryAfter(503, "Camera Not Connected", 5);
        }
        if (count.get() >= maxViewers) {
            return Admission.retryAfter(503, "Too Many Viewers Of This Camera", 10);
        }
        if (serviceViewers.get() >= maxServiceViewers) {
            return Admission.retryAfter(503, "Too Many Viewers", 10);
        }
        return Admission.ok();
    }

    @Override
    public SessionDescription describe(String host) {
        List<TrackFormat> tracks = feed.tracks();
        SessionDescription sd = SessionDescription.create("rtsp-recorder " + camera, host);
        sd.sessionAttribute("control", "*");
        sd.sessionAttribute("range", "npt=now-");
        sd.sessionAttribute("tool", "rtsp-recorder");
        List<Integer> payloadTypes = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            // The SDP mapping decides the payload type actually sent (static 0/8 for 8 kHz mono G.711).
            MediaDescription m = SdpTracks.describe(tracks.get(i), FIRST_DYNAMIC_PAYLOAD_TYPE + i, control(i));
            payloadTypes.add(m.payloadType());
            sd.add(m);
        }
        described = new Described(tracks, payloadTypes);
        return sd;
    }

    @Override
    public int trackForControl(String control) {
        int n = described.tracks().size();
        for (int i = 0; i < n; i++) {
            if (control.equals(control(i)) || control.endsWith("/" + control(i))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String control(int track) {
        return "trackID=" + track;
    }

    @Override
    public boolean subscribe(PacketSubscriber player) {
        Described d = described;
        if (!feed.live() || d.tracks().isEmpty() || !d.tracks().equals(feed.tracks()) || !reserve()) {
            return false;
        }
        Viewer v = new Viewer(camera, d.tracks(), d.payloadTypes(), player, clock);
        viewers.put(player, v);
        v.attach(feed.subscribe(v));
        return true;
    }

    @Override
    public void unsubscribe(PacketSubscriber player) {
        Viewer v = viewers.remove(player);
        if (v != null) {
            v.close();
            droppedByGone.addAndGet(v.dropped());
            count.decrementAndGet();
            serviceViewers.decrementAndGet();
        }
    }

    /** Takes a place for one more viewer of this camera and of the service, or none and false. */
    private boolean reserve() {
        if (count.incrementAndGet() > maxViewers) {
            count.decrementAndGet();
            return false;
        }
        if (serviceViewers.incrementAndGet() > maxServiceViewers) {
            serviceViewers.decrementAndGet();
            count.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Players watching now. */
    int viewers() {
        return count.get();
    }

    /** Frames players of this camera lost because they fell behind, since the service started. */
    long droppedFrames() {
        long n = droppedByGone.get();
        for (Viewer v : viewers.values()) {
            n += v.dropped();
        }
        return n;
    }
}
