package io.rtsprecorder.media.codec;

import java.io.IOException;

/** Codec data (parameter sets, configuration records, NAL framing) that cannot be parsed. */
public final class CodecFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public CodecFormatException(String message) {
        super(message);
    }
}
