package io.rtsprecorder.recorder.secret;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Reads camera credentials from Secrets in the service's own namespace through the Kubernetes API (in-cluster
 * service-account configuration). The Secret holds {@code password} and optionally {@code username}, as
 * {@code kubectl create secret generic NAME --from-literal=username=... --from-literal=password=...} makes it.
 * The service account needs {@code get} on that Secret (a namespaced Role; see deploy/).
 */
public final class KubernetesSecretReader implements SecretReader, AutoCloseable {

    public static final String USERNAME_KEY = "username";
    public static final String PASSWORD_KEY = "password";

    private final KubernetesClient client;
    private final String namespace;

    public KubernetesSecretReader(KubernetesClient client) {
        this.client = client;
        this.namespace = client.getNamespace() == null ? "default" : client.getNamespace();
    }

    /** A reader with the in-cluster configuration (or ~/.kube/config outside a cluster). */
    public static KubernetesSecretReader inCluster() {
        return new KubernetesSecretReader(new KubernetesClientBuilder().build());
    }

    @Override
    public Credentials read(String name) throws SecretException {
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw new SecretException("not allowed to read Secret '" + name + "' in namespace '" + namespace
                        + "': grant the service account 'get' on it (deploy/overlays/multi-camera has the Role)");
            }
            throw new SecretException("cannot read Secret '" + name + "' in namespace '" + namespace + "': "
                    + (e.getCode() > 0 ? "HTTP " + e.getCode() : e.getClass().getSimpleName()), e);
        } catch (RuntimeException e) {
            throw new SecretException("cannot read Secret '" + name + "' in namespace '" + namespace + "': "
                    + e.getClass().getSimpleName(), e);
        }
        if (secret == null) {
            throw new SecretException("Secret '" + name + "' not found in namespace '" + namespace + "'");
        }
        String password = value(secret, PASSWORD_KEY);
        if (password == null) {
            throw new SecretException("Secret '" + name + "' in namespace '" + namespace + "' has no key '"
                    + PASSWORD_KEY + "'");
        }
        String username = value(secret, USERNAME_KEY);
        return new Credentials(username == null ? "" : username, password);
    }

    private static String value(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.get(key) != null) {
            return new String(Base64.getDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        }
        Map<String, String> plain = secret.getStringData();
        return plain == null ? null : plain.get(key);
    }

    @Override
    public void close() {
        client.close();
    }
}
