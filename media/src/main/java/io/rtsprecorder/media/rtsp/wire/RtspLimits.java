package io.rtsprecorder.media.rtsp.wire;

/**
 * Hard limits on what {@link RtspMessageReader} accepts from the network. A peer that exceeds one gets a
 * {@link RtspProtocolException}; the limits keep a hostile or broken peer from costing more than a few dozen
 * KiB of memory per connection.
 */
public record RtspLimits(int maxStartLineBytes, int maxHeaderLineBytes, int maxHeaderCount, int maxHeaderBytes,
                         int maxBodyBytes) {

    public static final RtspLimits DEFAULT = new RtspLimits(4096, 8192, 64, 32 * 1024, 1024 * 1024);

    public RtspLimits {
        if (maxStartLineBytes <= 0 || maxHeaderLineBytes <= 0 || maxHeaderCount <= 0 || maxHeaderBytes <= 0
                || maxBodyBytes < 0) {
            throw new IllegalArgumentException("RTSP limits must be positive");
        }
    }
}
