package io.rtsprecorder.recorder.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.rtsprecorder.media.rtsp.wire.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Secrets read from a Kubernetes API server (fabric8's mock server in CRUD mode, on loopback). */
@EnableKubernetesMockClient(crud = true)
class KubernetesSecretReaderTest {

    KubernetesClient client;

    private void secret(String name, String username, String password) {
        SecretBuilder b = new SecretBuilder().withNewMetadata().withName(name).endMetadata();
        if (username != null) {
            b.addToData("username", b64(username));
        }
        if (password != null) {
            b.addToData("password", b64(password));
        }
        client.secrets().inNamespace(client.getNamespace()).resource(b.build()).create();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsUsernameAndPasswordKeysFromTheServicesNamespace() throws Exception {
        secret("gate-camera", "admin", "Gate-Pa55:with@odd/chars");
        Credentials c = new KubernetesSecretReader(client).read("gate-camera");
        assertThat(c.username()).isEqualTo("admin");
        assertThat(c.password()).isEqualTo("Gate-Pa55:with@odd/chars");
    }

    @Test
    void usernameIsOptional() throws Exception {
        secret("pw-only", null, "just-a-password");
        assertThat(new KubernetesSecretReader(client).read("pw-only")).isEqualTo(new Credentials("",
                "just-a-password"));
    }

    @Test
    void missingSecretOrKeyGivesAClearErrorNamingSecretAndNamespace() {
        KubernetesSecretReader reader = new KubernetesSecretReader(client);
        assertThatThrownBy(() -> reader.read("absent")).isInstanceOf(SecretException.class)
                .hasMessage("Secret 'absent' not found in namespace '" + client.getNamespace() + "'");
        secret("no-password", "admin", null);
        assertThatThrownBy(() -> reader.read("no-password")).isInstanceOf(SecretException.class)
                .hasMessage("Secret 'no-password' in namespace '" + client.getNamespace()
                        + "' has no key 'password'");
    }
}
