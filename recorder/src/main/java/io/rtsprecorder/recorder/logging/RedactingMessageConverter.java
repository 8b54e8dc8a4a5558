package io.rtsprecorder.recorder.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.rtsprecorder.media.rtsp.wire.RtspUrls;
import io.rtsprecorder.recorder.secret.SecretRedactor;

/**
 * {@code %msg} with URL passwords masked and every known camera password scrubbed: whatever a library or a camera
 * puts into a message, no password reaches the log. Installed by logback.xml in place of the standard converter.
 */
public final class RedactingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return SecretRedactor.scrub(RtspUrls.mask(super.convert(event)));
    }
}
