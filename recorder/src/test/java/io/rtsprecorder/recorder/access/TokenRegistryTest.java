package io.rtsprecorder.recorder.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rtsprecorder.testsupport.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenRegistryTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(START);

    @Test
    void tokensFromTheEnvironmentGiveTheirRoleAndAnOperatorMayDoWhatAViewerMay() throws IOException {
        TokenRegistry registry = TokenRegistry.create(new AccessConfig(List.of("op-1", "op-2"), null,
                List.of("view-1"), null, false, true), dir, clock);

        assertThat(registry.roleOf("op-1")).contains(Role.OPERATOR);
        assertThat(registry.roleOf("op-2")).contains(Role.OPERATOR);
        assertThat(registry.roleOf("view-1")).contains(Role.VIEWER);
        assertThat(registry.roleOf("op-3")).isEmpty();
        assertThat(registry.roleOf("")).isEmpty();
        assertThat(Role.OPERATOR.allows(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.allows(Role.OPERATOR)).isFalse();
        assertThat(registry.generatedTokenFile()).as("no token generated when one is configured").isNull();
    }

    @Test
    void aTokenFileIgnoresBlankAndCommentLinesAndIsReReadAtMostOnceASecondAfterItChanged() throws IOException {
        Path file = Files.writeString(dir.resolve("viewer"), "# rotated 2026-11\n\nview-old\n");
        TokenRegistry registry = TokenRegistry.create(new AccessConfig(List.of("op"), null, List.of(), file,
                false, true), dir, clock);
        assertThat(registry.roleOf("view-old")).contains(Role.VIEWER);
        assertThat(registry.roleOf("# rotated 2026-11")).isEmpty();

        Files.writeString(file, "view-new-and-longer\n");
        assertThat(registry.roleOf("view-old")).as("within the second, the file is not looked at").isPresent();
        clock.set(START.plusMillis(1000));
        assertThat(registry.roleOf("view-new-and-longer")).contains(Role.VIEWER);
        assertThat(registry.roleOf("view-old")).isEmpty();
    }

    @Test
    void aTokenFileThatBecomesUnreadableKeepsTheTokensReadBefore() throws IOException {
        Path file = Files.writeString(dir.resolve("operator"), "op-token\n");
        TokenRegistry registry = TokenRegistry.create(new AccessConfig(List.of(), file, List.of(), null,
                false, true), dir, clock);
        Files.delete(file);
        clock.set(START.plusSeconds(5));

        assertThat(registry.roleOf("op-token")).contains(Role.OPERATOR);
    }

    @Test
    void anOptionalSecretNotCreatedYetLeavesTheGeneratedTokenInChargeUntilItsFilesAppear() throws IOException {
        Path mount = Files.createDirectories(dir.resolve("tokens"));
        Path operatorFile = mount.resolve("operator");
        Path viewerFile = mount.resolve("viewer");
        TokenRegistry registry = TokenRegistry.create(new AccessConfig(List.of(), operatorFile, List.of(), viewerFile,
                false, true), dir, clock);
        String generated = Files.readString(registry.generatedTokenFile()).strip();
        assertThat(registry.roleOf(generated)).contains(Role.OPERATOR);
        assertThat(registry.roleOf("op-from-secret")).isEmpty();

        Files.writeString(operatorFile, "op-from-secret\n");
        Files.writeString(viewerFile, "view-from-secret\n");
        clock.set(START.plusSeconds(2));
        assertThat(registry.roleOf("op-from-secret")).contains(Role.OPERATOR);
        assertThat(registry.roleOf("view-from-secret")).contains(Role.VIEWER);
        assertThat(registry.roleOf(generated)).as("until the next start").contains(Role.OPERATOR);

        TokenRegistry restarted = TokenRegistry.create(new AccessConfig(List.of(), operatorFile, List.of(),
                viewerFile, false, true), dir, clock);
        assertThat(restarted.generatedTokenFile()).as("the Secret's operator token counts now").isNull();
        assertThat(restarted.roleOf(generated)).isEmpty();
        assertThat(restarted.roleOf("op-from-secret")).contains(Role.OPERATOR);
    }

    @Test
    void aTokenFileOfMoreThanAHundredTokensIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("operator"), IntStream.rangeClosed(1, 101)
                .mapToObj(i -> "token-" + i).collect(Collectors.joining("\n")));

        assertThatThrownBy(() -> TokenRegistry.create(new AccessConfig(List.of(), file, List.of(), null, false,
                true), dir, clock)).isInstanceOf(IOException.class).hasMessageContaining("more than 100 tokens");
    }

    @Test
    void withoutAnOperatorTokenOneIsGeneratedOwnerOnlyAndTheSameOneIsReadAtTheNextStart() throws IOException {
        AccessConfig viewersOnly = new AccessConfig(List.of(), null, List.of("view"), null, false, true);
        TokenRegistry first = TokenRegistry.create(viewersOnly, dir, clock);
        Path file = first.generatedTokenFile();
        String token = Files.readString(file).strip();

        assertThat(file).isEqualTo(dir.resolve(TokenRegistry.GENERATED_FILE));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(token).as("32 random bytes, base64url").hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(first.roleOf(token)).contains(Role.OPERATOR);
        assertThat(first.roleOf("view")).contains(Role.VIEWER);
        Optional<Role> again = TokenRegistry.create(viewersOnly, dir, clock).roleOf(token);
        assertThat(again).contains(Role.OPERATOR);
    }

    @Test
    void apiAuthNoneGivesEveryoneTheOperatorRoleAndGeneratesNothing() throws IOException {
        TokenRegistry registry = TokenRegistry.create(AccessConfig.none(), dir, clock);

        assertThat(registry.open()).isTrue();
        assertThat(registry.roleOf("anything")).contains(Role.OPERATOR);
        assertThat(dir.resolve(TokenRegistry.GENERATED_FILE)).doesNotExist();
    }
}
