package dev.jvino.openvino;

import dev.jvino.ffm.raw.CTypes;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Encrypts and decrypts the model cache ({@code CACHE_ENCRYPTION_CALLBACKS}, honoured by the compile
 * calls). Set it with {@link Properties#setCacheEncryption}. OpenVINO keeps only the function
 * pointers, so the upcall stubs of each instance live in the global arena for the rest of the
 * process. Both methods run on OpenVINO's threads and must be thread-safe; an exception is logged
 * and reported to OpenVINO as an empty result.
 */
public interface CacheEncryption {
  /** Encrypts a cache blob. */
  byte[] encrypt(byte[] plain);

  /** Decrypts what {@link #encrypt} produced. */
  byte[] decrypt(byte[] cipher);

  /** The native {@code ov_encryption_callbacks} of an instance, created once. */
  final class Natives {
    private Natives() {}

    private static final System.Logger LOG = System.getLogger(CacheEncryption.class.getName());
    private static final Map<CacheEncryption, MemorySegment> STRUCTS = new ConcurrentHashMap<>();
    private static final FunctionDescriptor FUNC = FunctionDescriptor.ofVoid(
        ValueLayout.ADDRESS, CTypes.SIZE_T, ValueLayout.ADDRESS, ValueLayout.ADDRESS);

    static MemorySegment struct(CacheEncryption e) {
      return STRUCTS.computeIfAbsent(e, Natives::create);
    }

    private static MemorySegment create(CacheEncryption e) {
      try {
        MethodHandle target = MethodHandles.lookup().findStatic(Natives.class, "call", MethodType.methodType(
            void.class, CacheEncryption.class, boolean.class, MemorySegment.class, long.class, MemorySegment.class,
            MemorySegment.class));
        Arena global = Arena.global();
        MemorySegment enc = Linker.nativeLinker().upcallStub(MethodHandles.insertArguments(target, 0, e, true), FUNC, global);
        MemorySegment dec = Linker.nativeLinker().upcallStub(MethodHandles.insertArguments(target, 0, e, false), FUNC, global);
        MemorySegment s = global.allocate(CTypes.ENCRYPTION_CALLBACKS);
        s.set(ValueLayout.ADDRESS, 0, enc);
        s.set(ValueLayout.ADDRESS, 8, dec);
        return s;
      } catch (NoSuchMethodException | IllegalAccessException ex) {
        throw new IllegalStateException(ex);
      }
    }

    /** {@code void (const char* in, size_t in_size, char* out, size_t* out_size)}; out NULL asks the size. */
    private static void call(CacheEncryption e, boolean encrypt, MemorySegment in, long inSize, MemorySegment out,
        MemorySegment outSize) {
      try {
        byte[] input = in.reinterpret(inSize).toArray(ValueLayout.JAVA_BYTE);
        byte[] result = encrypt ? e.encrypt(input) : e.decrypt(input);
        MemorySegment size = outSize.reinterpret(8);
        if (!out.equals(MemorySegment.NULL)) {
          long room = size.get(ValueLayout.JAVA_LONG, 0);
          if (room < result.length) {
            throw new IllegalStateException("OpenVINO gave " + room + " bytes for a " + result.length + "-byte result");
          }
          MemorySegment.copy(result, 0, out.reinterpret(result.length), ValueLayout.JAVA_BYTE, 0, result.length);
        }
        size.set(ValueLayout.JAVA_LONG, 0, result.length);
      } catch (Throwable t) {
        LOG.log(System.Logger.Level.ERROR, "cache " + (encrypt ? "encryption" : "decryption") + " failed", t);
        if (!outSize.equals(MemorySegment.NULL)) {
          outSize.reinterpret(8).set(ValueLayout.JAVA_LONG, 0, 0L);
        }
      }
    }
  }
}
