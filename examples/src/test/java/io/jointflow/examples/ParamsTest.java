package io.jointflow.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jointflow.examples.RecordingCall.Value;
import io.jointflow.function.TerminalException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad parameters fail the run at once (not retried), naming the parameter and the value. */
class ParamsTest {
  private static Value input(String key, String text) {
    return new Value("_input", key, text, Map.of());
  }

  @Test
  void readsAnIntegerInputInRange() {
    assertThat(Params.input(new RecordingCall(input("n", " 42 ")), "n", 0, 100)).isEqualTo(42);
  }

  @Test
  void aMissingInputNamesTheInputsThereAre() {
    assertThatThrownBy(() -> Params.input(new RecordingCall(input("data", "x"), input("m", "1")), "n", 0, 9))
        .isInstanceOf(TerminalException.class)
        .hasMessage("input 'n' is missing (inputs: data, m)");
  }

  @Test
  void aWrongInputNamesTheRangeOrTheText() {
    assertThatThrownBy(() -> Params.input(new RecordingCall(input("n", "101")), "n", 0, 100))
        .isInstanceOf(TerminalException.class).hasMessage("input 'n' must be between 0 and 100: 101");
    assertThatThrownBy(() -> Params.input(new RecordingCall(input("n", "4.5")), "n", 0, 100))
        .isInstanceOf(TerminalException.class).hasMessage("input 'n' must be an integer: '4.5'");
  }

  @Test
  void configFallsBackWhenUnsetAndIsChecked() {
    assertThat(Params.config(new RecordingCall(), "top", 10, 1)).isEqualTo(10);
    assertThat(Params.config(new RecordingCall(Map.of("top", "3")), "top", 10, 1)).isEqualTo(3);
    assertThatThrownBy(() -> Params.config(new RecordingCall(Map.of("top", "0")), "top", 10, 1))
        .isInstanceOf(TerminalException.class)
        .hasMessage("function 'handler' config 'top' must be between 1 and 2147483647: 0");
  }
}
