package dev.jvino.openvino;

import dev.jvino.ffm.loader.OpenVinoLibrary;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test only when the process finds and loads a real OpenVINO runtime
 * ({@link OpenVinoLibrary#system()}); otherwise it is skipped with the loader's reason, e.g.
 * "skipped: no OpenVINO runtime (tried ...)".
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EnabledIfOpenVino.Condition.class)
@interface EnabledIfOpenVino {
  /** The condition behind the annotation. */
  final class Condition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return switch (OpenVinoLibrary.system()) {
        case OpenVinoLibrary.Loaded l -> ConditionEvaluationResult.enabled("OpenVINO runtime from " + l.library().location().libraryDir());
        case OpenVinoLibrary.Unavailable u -> ConditionEvaluationResult.disabled("skipped: " + u.reason());
      };
    }
  }
}
