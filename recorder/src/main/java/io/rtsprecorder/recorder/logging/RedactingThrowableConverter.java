package io.rtsprecorder.recorder.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.rtsprecorder.media.rtsp.wire.RtspUrls;
import io.rtsprecorder.recorder.secret.SecretRedactor;

/** Stack traces in the log, with the same masking as {@link RedactingMessageConverter}. */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return SecretRedactor.scrub(RtspUrls.mask(super.throwableProxyToString(tp)));
    }
}
