package io.jointflow.spi;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Immutable large objects by key.
 *
 * <p>Contract (every implementation passes {@code BlobStoreContract} in the testkit): {@link
 * #putIfAbsent} is atomic (of concurrent writers of one key exactly one wins and readers never see a
 * partial blob) and durable on return; {@link #get} sees every completed put; failures throw {@link
 * StoreException}. All methods are thread safe.
 */
public interface BlobStore extends AutoCloseable {

  /** The implementation's configuration name, e.g. {@code filesystem}. */
  String name();

  /**
   * Stores {@code data} under {@code key} unless the key exists. Keys are {@code /}-separated paths
   * of names; the buffer's remaining bytes are stored and its position is not changed.
   *
   * @return true if this call stored it
   */
  boolean putIfAbsent(String key, ByteBuffer data);

  /** The blob, as a read-only buffer, if present. */
  Optional<ByteBuffer> get(String key);

  /**
   * Removes every blob whose key starts with {@code prefix}.
   *
   * @return how many blobs were removed
   */
  long deletePrefix(String prefix);

  @Override
  void close();
}
