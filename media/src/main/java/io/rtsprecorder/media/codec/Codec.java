package io.rtsprecorder.media.codec;

/**
 * The elementary stream formats the media library can carry without re-encoding.
 *
 * <p>{@link #LPCM} is 16-bit signed little-endian PCM. MP4 has no G.711 sample entry that every player
 * understands, so recordings store G.711 audio as LPCM (docs/configuration.md, "Containers"); the demuxer reports
 * LPCM for {@code sowt}, {@code twos} (converted) and {@code ipcm}/{@code lpcm} tracks.
 */
public enum Codec {
    H264(true),
    H265(true),
    AAC(false),
    /** G.711 A-law, one byte per sample. */
    PCMA(false),
    /** G.711 µ-law, one byte per sample. */
    PCMU(false),
    /** 16-bit signed little-endian PCM. */
    LPCM(false);

    private final boolean video;

    Codec(boolean video) {
        this.video = video;
    }

    public boolean isVideo() {
        return video;
    }

    public boolean isAudio() {
        return !video;
    }
}
