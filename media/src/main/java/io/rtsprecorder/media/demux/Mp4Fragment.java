package io.rtsprecorder.media.demux;

/**
 * One movie fragment of a fragmented MP4 file, as stored: the bytes from the end of the previous fragment (or of
 * the {@code moov}) through the end of its {@code mdat} — so a {@code prft} before its {@code moof} belongs to it —
 * and the time it covers on the file's reference track ({@link Mp4Demuxer#referenceTrack()}), in that track's
 * timescale. This is what a playlist needs to address a recording's own fragments by byte range.
 *
 * @param offset        file offset of the fragment's first byte
 * @param length        bytes up to and including its {@code mdat}
 * @param decodeTime    decode time of its first reference-track sample (the {@code tfdt}, before any edit shift)
 * @param duration      sum of its reference-track sample durations; 0 when it has no sample of that track
 * @param startsWithKey whether its first reference-track sample is a sync sample (a keyframe)
 */
public record Mp4Fragment(long offset, long length, long decodeTime, long duration, boolean startsWithKey) {
}
