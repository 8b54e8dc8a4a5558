package io.rtsprecorder.media.demux;

import io.rtsprecorder.media.codec.TrackFormat;

/** One supported track of a file: its format, how its samples are stored, and its sample table. */
final class Mp4Track {

    /** How raw sample bytes become {@link io.rtsprecorder.media.codec.Frame} data. */
    enum Conversion { NONE, NAL_LENGTHS, SWAP_16BIT }

    final int trackId;
    final TrackFormat format;
    final int nalLengthSize;
    final Conversion conversion;
    final SampleTable samples;
    long editShift;

    Mp4Track(int trackId, TrackFormat format, int nalLengthSize, Conversion conversion, SampleTable samples) {
        this.trackId = trackId;
        this.format = format;
        this.nalLengthSize = nalLengthSize;
        this.conversion = conversion;
        this.samples = samples;
    }
}
