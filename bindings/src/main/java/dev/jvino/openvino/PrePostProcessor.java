package dev.jvino.openvino;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds pre- and post-processing to a model ({@code ov_preprocess_prepostprocessor_t}). The info and
 * step objects it hands out point into it, so they are freed by {@link #close()}, before it.
 */
public final class PrePostProcessor extends NativeObject {
  private record Child(MemorySegment handle, String free) {}

  private final List<Child> children = new ArrayList<>();
  private final Model source;

  private PrePostProcessor(Native rt, MemorySegment handle, Model source) {
    super(rt, handle);
    this.source = source;
  }

  /** Starts pre/post-processing for {@code model}. */
  public static PrePostProcessor of(Model model) {
    Native rt = model.rt;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_preprocess_prepostprocessor_create", model.handle(), out);
      return new PrePostProcessor(rt, out.get(ValueLayout.ADDRESS, 0), model);
    }
  }

  /** Color formats ({@code ov_color_format_e}). */
  public enum ColorFormat { UNDEFINED, NV12_SINGLE_PLANE, NV12_TWO_PLANES, I420_SINGLE_PLANE, I420_THREE_PLANES, RGB, BGR, GRAY, RGBX, BGRX }

  /** Resize algorithms ({@code ov_preprocess_resize_algorithm_e}). */
  public enum ResizeAlgorithm { LINEAR, CUBIC, NEAREST }

  /** Padding modes ({@code ov_padding_mode_e}). */
  public enum PaddingMode { CONSTANT, EDGE, REFLECT, SYMMETRIC }

  private synchronized MemorySegment child(String fn, String free, MemorySegment parent, Object... middle) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment slot = arena.allocate(ValueLayout.ADDRESS);
      Object[] args = new Object[middle.length + 2];
      args[0] = parent;
      System.arraycopy(middle, 0, args, 1, middle.length);
      args[args.length - 1] = slot;
      rt.check(fn, args);
      MemorySegment h = slot.get(ValueLayout.ADDRESS, 0);
      children.add(new Child(h, free));
      return h;
    }
  }

  /** The only input. */
  public InputInfo input() {
    return new InputInfo(child("ov_preprocess_prepostprocessor_get_input_info", "ov_preprocess_input_info_free", handle()));
  }

  /** The input named {@code name}. */
  public InputInfo input(String name) {
    try (Arena arena = Arena.ofConfined()) {
      return new InputInfo(child("ov_preprocess_prepostprocessor_get_input_info_by_name", "ov_preprocess_input_info_free",
          handle(), arena.allocateFrom(name)));
    }
  }

  /** Input {@code index}. */
  public InputInfo input(int index) {
    return new InputInfo(child("ov_preprocess_prepostprocessor_get_input_info_by_index", "ov_preprocess_input_info_free",
        handle(), (long) PortOwner.checkIndex(index)));
  }

  /** The only output. */
  public OutputInfo output() {
    return new OutputInfo(child("ov_preprocess_prepostprocessor_get_output_info", "ov_preprocess_output_info_free", handle()));
  }

  /** The output named {@code name}. */
  public OutputInfo output(String name) {
    try (Arena arena = Arena.ofConfined()) {
      return new OutputInfo(child("ov_preprocess_prepostprocessor_get_output_info_by_name", "ov_preprocess_output_info_free",
          handle(), arena.allocateFrom(name)));
    }
  }

  /** Output {@code index}. */
  public OutputInfo output(int index) {
    return new OutputInfo(child("ov_preprocess_prepostprocessor_get_output_info_by_index", "ov_preprocess_output_info_free",
        handle(), (long) PortOwner.checkIndex(index)));
  }

  /** Builds the model with the processing steps added. */
  public Model build() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
      rt.check("ov_preprocess_prepostprocessor_build", handle(), out);
      Model built = new Model(rt, out.get(ValueLayout.ADDRESS, 0));
      source.leases().forEach(built::hold); // the built model shares the source's weights
      return built;
    }
  }

  /** One input's processing. */
  public final class InputInfo {
    private final MemorySegment h;

    InputInfo(MemorySegment h) {
      this.h = h;
    }

    /** What the user's tensor looks like. */
    public InputTensorInfo tensor() {
      handle();
      return new InputTensorInfo(child("ov_preprocess_input_info_get_tensor_info", "ov_preprocess_input_tensor_info_free", h));
    }

    /** The steps that turn the user's tensor into the model's input. */
    public Steps preprocess() {
      handle();
      return new Steps(child("ov_preprocess_input_info_get_preprocess_steps", "ov_preprocess_preprocess_steps_free", h));
    }

    /** What the model expects. */
    public InputModelInfo model() {
      handle();
      return new InputModelInfo(child("ov_preprocess_input_info_get_model_info", "ov_preprocess_input_model_info_free", h));
    }
  }

  /** The user-side tensor of an input. */
  public final class InputTensorInfo {
    private final MemorySegment h;

    InputTensorInfo(MemorySegment h) {
      this.h = h;
    }

    /** Element type of the user's tensor. */
    public InputTensorInfo setElementType(ElementType type) {
      rt.check("ov_preprocess_input_tensor_info_set_element_type", live(h), rt.code(type));
      return this;
    }

    /** Color format of the user's tensor. */
    public InputTensorInfo setColorFormat(ColorFormat format) {
      rt.check("ov_preprocess_input_tensor_info_set_color_format", live(h), format.ordinal());
      return this;
    }

    /** Color format with plane sub-names (e.g. "y", "uv" for NV12_TWO_PLANES). */
    public InputTensorInfo setColorFormat(ColorFormat format, String... subNames) {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment[] extra = new MemorySegment[subNames.length];
        for (int i = 0; i < subNames.length; i++) {
          extra[i] = arena.allocateFrom(subNames[i]);
        }
        rt.checkVariadic("ov_preprocess_input_tensor_info_set_color_format_with_subname",
            new Object[] {live(h), format.ordinal(), (long) subNames.length}, extra);
      }
      return this;
    }

    /** Fixed spatial size of the user's images. */
    public InputTensorInfo setSpatialStaticShape(long height, long width) {
      if (height <= 0 || width <= 0) {
        throw new IllegalArgumentException("spatial shape must be positive, got " + height + "x" + width);
      }
      rt.check("ov_preprocess_input_tensor_info_set_spatial_static_shape", live(h), height, width);
      return this;
    }

    /** Memory type (e.g. GPU surfaces). */
    public InputTensorInfo setMemoryType(String memoryType) {
      try (Arena arena = Arena.ofConfined()) {
        rt.check("ov_preprocess_input_tensor_info_set_memory_type", live(h), arena.allocateFrom(memoryType));
      }
      return this;
    }

    /** Takes type and shape from an example tensor. */
    public InputTensorInfo setFrom(Tensor tensor) {
      rt.check("ov_preprocess_input_tensor_info_set_from", live(h), tensor.handle());
      return this;
    }

    /** Layout of the user's tensor. */
    public InputTensorInfo setLayout(Layout layout) {
      withLayout(layout, l -> rt.check("ov_preprocess_input_tensor_info_set_layout", live(h), l));
      return this;
    }
  }

  /** Preprocessing steps of an input, applied in the order they are added. */
  public final class Steps {
    private final MemorySegment h;

    Steps(MemorySegment h) {
      this.h = h;
    }

    /** Resizes to the model's spatial size. */
    public Steps resize(ResizeAlgorithm algorithm) {
      rt.check("ov_preprocess_preprocess_steps_resize", live(h), algorithm.ordinal());
      return this;
    }

    /** Divides every element by {@code value}. */
    public Steps scale(float value) {
      rt.check("ov_preprocess_preprocess_steps_scale", live(h), value);
      return this;
    }

    /** Per-channel scale. */
    public Steps scale(float... values) {
      return multi("ov_preprocess_preprocess_steps_scale_multi_channels", values);
    }

    /** Subtracts {@code value} from every element. */
    public Steps mean(float value) {
      rt.check("ov_preprocess_preprocess_steps_mean", live(h), value);
      return this;
    }

    /** Per-channel mean. */
    public Steps mean(float... values) {
      return multi("ov_preprocess_preprocess_steps_mean_multi_channels", values);
    }

    private Steps multi(String fn, float[] values) {
      if (values.length == 0) {
        throw new IllegalArgumentException(fn + " needs at least one value");
      }
      try (Arena arena = Arena.ofConfined()) {
        rt.check(fn, live(h), arena.allocateFrom(ValueLayout.JAVA_FLOAT, values), values.length);
      }
      return this;
    }

    /** Crops to {@code [begin, end)} per dimension. */
    public Steps crop(int[] begin, int[] end) {
      if (begin.length != end.length) {
        throw new IllegalArgumentException("crop begin has " + begin.length + " values, end has " + end.length);
      }
      try (Arena arena = Arena.ofConfined()) {
        rt.check("ov_preprocess_preprocess_steps_crop", live(h), arena.allocateFrom(ValueLayout.JAVA_INT, begin),
            begin.length, arena.allocateFrom(ValueLayout.JAVA_INT, end), end.length);
      }
      return this;
    }

    /** Transposes to {@code layout}. */
    public Steps convertLayout(Layout layout) {
      withLayout(layout, l -> rt.check("ov_preprocess_preprocess_steps_convert_layout", live(h), l));
      return this;
    }

    /** Reverses the channel order (RGB to BGR and back). */
    public Steps reverseChannels() {
      rt.check("ov_preprocess_preprocess_steps_reverse_channels", live(h));
      return this;
    }

    /** Converts elements to {@code type}. */
    public Steps convertElementType(ElementType type) {
      rt.check("ov_preprocess_preprocess_steps_convert_element_type", live(h), rt.code(type));
      return this;
    }

    /** Converts to color format {@code format}. */
    public Steps convertColor(ColorFormat format) {
      rt.check("ov_preprocess_preprocess_steps_convert_color", live(h), format.ordinal());
      return this;
    }

    /** Pads each dimension by {@code begin}/{@code end} elements. */
    public Steps pad(int[] begin, int[] end, float value, PaddingMode mode) {
      try (Arena arena = Arena.ofConfined()) {
        rt.check("ov_preprocess_preprocess_steps_pad", live(h), arena.allocateFrom(ValueLayout.JAVA_INT, begin),
            (long) begin.length, arena.allocateFrom(ValueLayout.JAVA_INT, end), (long) end.length, value, mode.ordinal());
      }
      return this;
    }
  }

  /** The model side of an input. */
  public final class InputModelInfo {
    private final MemorySegment h;

    InputModelInfo(MemorySegment h) {
      this.h = h;
    }

    /** The layout the model expects. */
    public InputModelInfo setLayout(Layout layout) {
      withLayout(layout, l -> rt.check("ov_preprocess_input_model_info_set_layout", live(h), l));
      return this;
    }
  }

  /** One output's processing. */
  public final class OutputInfo {
    private final MemorySegment h;

    OutputInfo(MemorySegment h) {
      this.h = h;
    }

    /** What the user receives. */
    public OutputTensorInfo tensor() {
      handle();
      return new OutputTensorInfo(child("ov_preprocess_output_info_get_tensor_info", "ov_preprocess_output_tensor_info_free", h));
    }
  }

  /** The user-side tensor of an output. */
  public final class OutputTensorInfo {
    private final MemorySegment h;

    OutputTensorInfo(MemorySegment h) {
      this.h = h;
    }

    /** Element type the user receives. */
    public OutputTensorInfo setElementType(ElementType type) {
      rt.check("ov_preprocess_output_set_element_type", live(h), rt.code(type));
      return this;
    }
  }

  private MemorySegment live(MemorySegment child) {
    handle(); // throws once the processor is closed
    return child;
  }

  private void withLayout(Layout layout, java.util.function.Consumer<MemorySegment> call) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment l = layout.open(rt, arena);
      try {
        call.accept(l);
      } finally {
        rt.invoke("ov_layout_free", l);
      }
    }
  }

  @Override
  void beforeFree(MemorySegment h) {
    List<Child> all;
    synchronized (this) {
      all = List.copyOf(children);
      children.clear();
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      rt.invoke(all.get(i).free(), all.get(i).handle());
    }
  }

  @Override
  void free(MemorySegment h) {
    rt.invoke("ov_preprocess_prepostprocessor_free", h);
  }
}
