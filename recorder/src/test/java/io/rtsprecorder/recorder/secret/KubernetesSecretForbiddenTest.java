package io.rtsprecorder.recorder.secret;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

/** The service account lacks {@code get} on the Secret: the API server answers 403. */
@EnableKubernetesMockClient
class KubernetesSecretForbiddenTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void forbiddenSecretSaysWhichPermissionIsMissing() {
        server.expect().get().withPath("/api/v1/namespaces/" + client.getNamespace() + "/secrets/gate-camera")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden")
                        .withMessage("secrets \"gate-camera\" is forbidden").build()).always();
        assertThatThrownBy(() -> new KubernetesSecretReader(client).read("gate-camera"))
                .isInstanceOf(SecretException.class)
                .hasMessage("not allowed to read Secret 'gate-camera' in namespace '" + client.getNamespace()
                        + "': grant the service account 'get' on it (deploy/overlays/multi-camera has the Role)");
    }
}
