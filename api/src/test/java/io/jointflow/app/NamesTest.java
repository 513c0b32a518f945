package io.jointflow.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Lengths are counted in characters (Unicode code points), as the messages and docs say. */
class NamesTest {
  private static final String EMOJI = "\uD83D\uDE00"; // U+1F600, two UTF-16 units

  @Test
  void anObjectKeyHasUpTo512CharactersWhateverTheirUtf16Length() {
    assertThat(Names.checkKey(EMOJI.repeat(512))).hasSize(1024);
    assertThat(Names.checkKey("k".repeat(512))).hasSize(512);
    assertThat(Names.checkKey("ключ-" + EMOJI + "-键")).isNotEmpty();
    assertThatThrownBy(() -> Names.checkKey(EMOJI.repeat(513)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("' is too long: 513 characters (at most 512)");
    assertThatThrownBy(() -> Names.checkKey("k".repeat(513)))
        .hasMessage("object key '" + "k".repeat(40) + "...' is too long: 513 characters (at most 512)");
    assertThatThrownBy(() -> Names.checkKey("")).hasMessage("object key '' is empty: keys have 1 to 512 characters");
  }

  /** Stores keep keys as UTF-8 (SQLite), which cannot hold half a surrogate pair. */
  @Test
  void anObjectKeyMustBeValidUnicode() {
    assertThatThrownBy(() -> Names.checkKey("bad\uD83D"))
        .hasMessage("object key 'bad\uD83D' is not valid Unicode: unpaired surrogate at index 3");
    assertThatThrownBy(() -> Names.checkKey("\uDE00bad"))
        .hasMessage("object key '\uDE00bad' is not valid Unicode: unpaired surrogate at index 0");
    assertThatThrownBy(() -> Names.checkKey("a/b")).hasMessageContaining("contains '/' or a control character");
  }

  @Test
  void aNameHasUpTo128Characters() {
    assertThat(Names.isValidName("n".repeat(128))).isTrue();
    assertThat(Names.isValidName("n".repeat(129))).isFalse();
    assertThatThrownBy(() -> Names.checkName("bucket", "n".repeat(129)))
        .hasMessageContaining("at most 128 characters");
  }
}
