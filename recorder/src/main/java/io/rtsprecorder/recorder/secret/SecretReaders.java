package io.rtsprecorder.recorder.secret;

import java.util.Map;

/** Chooses how Secrets are read where the service runs. */
public final class SecretReaders {

    private SecretReaders() {
    }

    /**
     * Inside a Kubernetes pod (the API server's address is in the environment): a {@link KubernetesSecretReader},
     * created on first use so a single-camera deployment never talks to the API. Elsewhere: {@link
     * SecretReader#NONE}.
     */
    public static SecretReader forEnvironment(Map<String, String> env) {
        if (env.get("KUBERNETES_SERVICE_HOST") == null) {
            return SecretReader.NONE;
        }
        return new SecretReader() {
            private KubernetesSecretReader reader;

            @Override
            public synchronized io.rtsprecorder.media.rtsp.wire.Credentials read(String name) throws SecretException {
                if (reader == null) {
                    try {
                        reader = KubernetesSecretReader.inCluster();
                    } catch (RuntimeException e) {
                        throw new SecretException("cannot reach the Kubernetes API to read Secret '" + name + "': "
                                + e.getClass().getSimpleName(), e);
                    }
                }
                return reader.read(name);
            }
        };
    }
}
