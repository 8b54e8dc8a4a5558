package io.rtsprecorder.recorder.secret;

import io.rtsprecorder.media.rtsp.wire.Credentials;

/**
 * Reads a camera's credentials by Secret name. Called at every connection attempt, so a rotated password is
 * picked up without a restart.
 */
@FunctionalInterface
public interface SecretReader {

    /** The credentials in Secret {@code name}: keys {@code username} (optional) and {@code password}. */
    Credentials read(String name) throws SecretException;

    /** For deployments that never name Secrets: every lookup fails with an explanation. */
    SecretReader NONE = name -> {
        throw new SecretException("camera credentials from Secret '" + name + "' need the Kubernetes API, which is "
                + "not available here (not running in a cluster)");
    };
}
