package io.jointflow.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.spi.BlobStore;
import io.jointflow.spi.BlobStoreProvider;
import io.jointflow.spi.StoreException;
import io.jointflow.testkit.BlobStoreContract;
import io.jointflow.testkit.ManualEnvironment;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest extends BlobStoreContract {
  @TempDir Path dir;

  @Override
  protected BlobStore newStore() {
    return FileBlobStore.open(dir.resolve("store"));
  }

  @Override
  protected BlobStore reopen(BlobStore store) {
    store.close();
    return FileBlobStore.open(dir.resolve("store"));
  }

  private static ByteBuffer utf8(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  private List<Path> files(String sub) throws IOException {
    try (Stream<Path> all = Files.walk(dir.resolve("store").resolve(sub))) {
      return all.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void keysThatCouldLeaveTheDirectoryAreRejected() {
    assertThatThrownBy(() -> store().putIfAbsent("a/../../etc/passwd", utf8("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("blob key 'a/../../etc/passwd' has a '..' name, which would leave its directory");
    assertThatThrownBy(() -> store().get("/etc/passwd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("blob key '/etc/passwd' is absolute; keys are relative, like 'run/bucket/object'");
    assertThatThrownBy(() -> store().putIfAbsent("a//b", utf8("x")))
        .hasMessage("blob key 'a//b' has an empty name (a leading, doubled or trailing '/')");
    assertThatThrownBy(() -> store().putIfAbsent("a/", utf8("x"))).hasMessageContaining("has an empty name");
    assertThatThrownBy(() -> store().putIfAbsent("./a", utf8("x"))).hasMessageContaining("has a '.' name");
    assertThatThrownBy(() -> store().putIfAbsent("", utf8("x"))).hasMessageStartingWith("blob key '' is empty");
    assertThatThrownBy(() -> store().deletePrefix("../")).hasMessageContaining("blob prefix '../' has a '..' name");
    assertThatThrownBy(() -> store().putIfAbsent("bad\uD800", utf8("x"))).hasMessageContaining("unpaired surrogate");
  }

  @Test
  void namesThatLookSpecialAreStoredSafelyAsPlainAsciiFiles() throws IOException {
    List<String> keys = List.of("r/...", "r/a\\b", "r/nul\u0000", "r/Case", "r/case", "r/100%", "r/é", "r/e\u0301");
    for (String key : keys) {
      assertThat(store().putIfAbsent(key, utf8(key))).as(key).isTrue();
    }
    for (String key : keys) {
      assertThat(StandardCharsets.UTF_8.decode(store().get(key).orElseThrow()).toString()).isEqualTo(key);
    }
    assertThat(files("blobs")).hasSize(keys.size()).allSatisfy(p -> assertThat(p.toString()).matches("[\\x20-\\x7e]+"));
    assertThat(store().deletePrefix("r/Ca")).isEqualTo(1);
    assertThat(store().get("r/case")).isPresent();
  }

  @Test
  void aKeyAndKeysBelowItConflictWithAClearMessage() {
    store().putIfAbsent("x", utf8("x"));
    store().putIfAbsent("d/y", utf8("y"));

    assertThatThrownBy(() -> store().putIfAbsent("x/y", utf8("z")))
        .isInstanceOf(StoreException.class)
        .hasMessage("blob 'x/y' conflicts with blob 'x'; the filesystem store cannot hold both a key 'x' and keys 'x/...'");
    assertThatThrownBy(() -> store().putIfAbsent("d", utf8("z")))
        .isInstanceOf(StoreException.class)
        .hasMessage("blob 'd' conflicts with the keys below it: 'd/...' exist; the filesystem store cannot hold both a key 'x' and keys 'x/...'");
    assertThat(store().get("x/y")).isEmpty();
    assertThat(store().get("d")).isEmpty();
  }

  @Test
  void putsLeaveNoTemporaryFilesAndDeletesLeaveNoEmptyDirectories() throws IOException {
    for (int i = 0; i < 5; i++) {
      store().putIfAbsent("run1/bucket/o" + i, utf8("v"));
      store().putIfAbsent("run1/bucket/o" + i, utf8("again"));
    }
    assertThat(files("tmp")).isEmpty();

    assertThat(store().deletePrefix("run1/")).isEqualTo(5);
    try (Stream<Path> left = Files.list(dir.resolve("store/blobs"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void openingAFileOrAnUnwritableDirectoryFailsWithTheFix() throws IOException {
    Path file = Files.writeString(dir.resolve("plain-file"), "x");
    assertThatThrownBy(() -> FileBlobStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessage("blob store 'filesystem' location is not a directory: " + file + "; give a directory path");
    assertThatThrownBy(() -> FileBlobStore.open(file.resolve("below")))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("blob store 'filesystem' cannot create its directories in " + file.resolve("below"));
  }

  @Test
  void aClosedStoreSaysSo() {
    store().close();
    assertThatThrownBy(() -> store().get("k"))
        .isInstanceOf(StoreException.class)
        .hasMessage("blob store 'filesystem' in " + dir.resolve("store") + " is closed");
  }

  @Test
  void isFoundByServiceLoaderUnderItsName() {
    BlobStoreProvider provider =
        ServiceLoader.load(BlobStoreProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.name().equals("filesystem"))
            .findFirst()
            .orElseThrow();
    try (BlobStore s = provider.open(dir.resolve("by-provider").toString(), ManualEnvironment.direct(1))) {
      assertThat(s.name()).isEqualTo("filesystem");
      assertThat(s.putIfAbsent("a/b", utf8("v"))).isTrue();
    }
    assertThat(dir.resolve("by-provider/blobs/a/b")).exists();
    assertThatThrownBy(() -> provider.open(" ", ManualEnvironment.direct(1)))
        .isInstanceOf(StoreException.class)
        .hasMessage("blob store 'filesystem' needs a directory: ' '; use filesystem:DIR");
  }
}
