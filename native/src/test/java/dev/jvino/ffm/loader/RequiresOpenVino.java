package dev.jvino.ffm.loader;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test that needs a real OpenVINO runtime: tagged {@code native}, run where one is found, and
 * otherwise reported as skipped with the places tried.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag("native")
@ExtendWith(RequiresOpenVino.Condition.class)
public @interface RequiresOpenVino {

  /** Enables the test only when {@link OpenVinoLibrary#system()} loaded a runtime. */
  final class Condition implements ExecutionCondition {
    private static final java.util.concurrent.atomic.AtomicBoolean REPORTED = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
      return switch (OpenVinoLibrary.system()) {
        case OpenVinoLibrary.Loaded l -> ConditionEvaluationResult.enabled(
            "OpenVINO runtime at " + l.library().location().cLibrary());
        case OpenVinoLibrary.Unavailable u -> {
          if (REPORTED.compareAndSet(false, true)) {
            // Surefire does not print skip reasons; say once per test JVM why the native tests do not run.
            System.out.println("[native tests] skipped: " + u.reason());
          }
          yield ConditionEvaluationResult.disabled("skipped: " + u.reason());
        }
      };
    }
  }
}
