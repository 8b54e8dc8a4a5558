package io.rtsprecorder.media.sdp;

import java.io.IOException;

/** A session description that cannot be used: syntax errors, or limits exceeded. */
public final class SdpFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public SdpFormatException(String message) {
        super(message);
    }
}
