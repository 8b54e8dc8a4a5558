package io.rtsprecorder.media.rtp;

import java.io.IOException;

/** An RTP or RTCP packet that cannot be parsed. */
public final class RtpFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public RtpFormatException(String message) {
        super(message);
    }
}
