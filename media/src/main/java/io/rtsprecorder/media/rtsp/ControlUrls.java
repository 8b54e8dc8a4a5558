package io.rtsprecorder.media.rtsp;

import io.rtsprecorder.media.rtsp.wire.RtspUrls;
import java.net.URI;

/**
 * Resolves the control URL of a track (RFC 2326 C.1.1): an absolute {@code a=control} is used as it is, {@code *}
 * means the base itself, and a relative one is resolved against the base — Content-Base, else Content-Location,
 * else the request URL — by appending it, with a slash when the base lacks one. Appending (not RFC 3986
 * resolution) is what cameras expect: {@code rtsp://cam/stream} + {@code trackID=1} is
 * {@code rtsp://cam/stream/trackID=1}, and Dahua's {@code ...realmonitor?channel=1&subtype=0/} + {@code trackID=0}
 * keeps its query in front of the track.
 */
public final class ControlUrls {

    private ControlUrls() {
    }

    public static String base(String requestUrl, String contentBase, String contentLocation) {
        if (contentBase != null && !contentBase.isBlank()) {
            return contentBase.strip();
        }
        if (contentLocation != null && !contentLocation.isBlank()) {
            return contentLocation.strip();
        }
        return requestUrl;
    }

    public static String resolve(String base, String control) {
        if (control == null || control.isBlank() || control.strip().equals("*")) {
            return base;
        }
        String c = control.strip();
        if (RtspUrls.isRtsp(c)) {
            return c;
        }
        if (c.startsWith("/")) {
            try {
                URI b = URI.create(base);
                return b.getScheme() + "://" + b.getRawAuthority() + c;
            } catch (IllegalArgumentException e) {
                return base + c;
            }
        }
        return base.endsWith("/") ? base + c : base + "/" + c;
    }
}
