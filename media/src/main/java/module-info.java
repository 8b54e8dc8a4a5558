/**
 * The media library: RTSP client and the RTSP wire format, SDP, RTP (de)packetizers, codecs, MP4 demuxing, the
 * segment containers and segmented recording. Pure Java; depends on nothing but SLF4J.
 *
 * <p>Every package is used by another module (the mock camera and the service's restream serve RTSP with
 * {@code rtsp.server} and the packetizers, the service records with the client and {@code record}, exports with
 * {@code demux} and {@code mux}),
 * so every package is exported; what is internal to a package is package-private, and the compiler checks that this
 * descriptor names every package and requirement the library really has.
 */
module io.rtsprecorder.media {
    requires org.slf4j;

    exports io.rtsprecorder.media.codec;
    exports io.rtsprecorder.media.demux;
    exports io.rtsprecorder.media.mux;
    exports io.rtsprecorder.media.record;
    exports io.rtsprecorder.media.rtp;
    exports io.rtsprecorder.media.rtsp;
    exports io.rtsprecorder.media.rtsp.server;
    exports io.rtsprecorder.media.rtsp.wire;
    exports io.rtsprecorder.media.sdp;
    exports io.rtsprecorder.media.timing;
}
