package io.rtsprecorder.recorder.hls;

/**
 * One LL-HLS partial segment: one fragment ({@code prft}+{@code moof}+{@code mdat}) of the live muxer.
 *
 * @param data        the fragment's bytes
 * @param seconds     its duration on the video track
 * @param independent whether it starts with a keyframe
 * @param wallMillis  wall-clock time of its first frame
 */
record LivePart(byte[] data, double seconds, boolean independent, long wallMillis) {
}
