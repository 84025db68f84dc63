package io.argon.protocol;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.argon.task.Task;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How a task travels: the one set of rules by which the client writes a task's params and the
 * worker builds the task from them, and by which the worker writes a result and the client
 * reads it. Both sides use it, so a task arrives as it was built.
 *
 * <p>Params:
 * <ul>
 *   <li>A task object is written from its fields, never its getters: a record's components, a
 *       class's instance fields, private ones included; static and {@code transient} fields are
 *       not sent. A helper method such as {@code getArea()} is not a param.</li>
 *   <li>It is built from them by its record constructor, its {@code @JsonCreator} constructor or
 *       factory, or its no-argument constructor and then its fields (a bean).</li>
 *   <li>Every constructor param is required, unless its type is {@link Optional} (or
 *       {@code OptionalInt}, ...): a missing one is an error, never a zero. A bean's field left
 *       out keeps the value its class gives it.</li>
 *   <li>Each param must come as the JSON type its field has (no string for a number, no fraction
 *       for a whole number, no number for a string); {@code null} is refused for a primitive; a
 *       param the task does not have is an error.</li>
 *   <li>{@code java.time} values are ISO-8601 strings, {@code UUID}s strings, enums their names,
 *       {@code BigDecimal}s numbers; {@code Optional}, collections, maps and nested records and
 *       classes follow the same rules.</li>
 * </ul>
 *
 * <p>Jackson modules registered as services ({@code META-INF/services/com.fasterxml.jackson.databind.Module})
 * on the class loader a codec is made for are registered too, after the java.time and
 * {@code Optional} ones: put a module your tasks need in the task jar, and both sides find it.
 *
 * <p>Thread-safe.
 */
public final class TaskCodec {
    private final ObjectMapper params;
    private final ObjectMapper results;
    private final ConcurrentMap<Class<?>, ObjectReader> paramsReaders = new ConcurrentHashMap<>();
    /** Task classes whose first task arrived, in a trial on this side, as it was built. */
    private final ConcurrentMap<Class<?>, Boolean> checked = new ConcurrentHashMap<>();

    private TaskCodec(List<Module> modules) {
        this.params = JsonMapper.builder()
                .visibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .visibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
                .visibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
                .annotationIntrospector(new CreatorParamsRequired())
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .serializationInclusion(JsonInclude.Include.ALWAYS)
                .withCoercionConfigDefaults(config -> config.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .withCoercionConfig(LogicalType.Boolean, config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
                .addModules(modules)
                .build();
        this.results = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .addModules(modules)
                .build();
    }

    /**
     * The codec for tasks whose classes come from {@code loader}: the java.time and
     * {@code Optional} modules, those registered as services on {@code loader}, then
     * {@code extra} (a later module wins where two handle the same type).
     */
    public static TaskCodec forClassLoader(ClassLoader loader, List<? extends Module> extra) {
        List<Module> modules = new java.util.ArrayList<>(List.of(new Jdk8Module(), new JavaTimeModule()));
        modules.addAll(ObjectMapper.findModules(loader));
        modules.addAll(extra);
        return new TaskCodec(modules);
    }

    /** Writes a task object (or any object of params: a map, a record) as a JSON object of params. */
    public RawJson writeParams(Object task) throws JsonProcessingException {
        RawJson json = RawJson.wrap(params.writeValueAsBytes(task));
        if (!json.isObject()) {
            throw new IllegalArgumentException("task params must be a JSON object, got " + json);
        }
        return json;
    }

    /** Reads params (a JSON object) into a tree, with this codec's modules: for checking what a task's params hold. */
    public JsonNode paramsTree(Object task) {
        return params.valueToTree(task);
    }

    /** The reader that builds {@code taskClass} from its params. */
    public ObjectReader paramsReader(Class<?> taskClass) {
        return paramsReaders.computeIfAbsent(taskClass, params::readerFor);
    }

    /** Builds a task of {@code taskClass} from {@code json}. */
    public <T> T readParams(RawJson json, Class<T> taskClass) throws IOException {
        return json.read(paramsReader(taskClass));
    }

    /** Writes what a task returned. */
    public RawJson writeResult(Object value) throws JsonProcessingException {
        return RawJson.wrap(results.writeValueAsBytes(value));
    }

    /** Reads a result as {@code type}. */
    public <T> T readResult(RawJson json, JavaType type) throws IOException {
        return results.readValue(json.utf8(), type);
    }

    /** The Jackson type of {@code type}, for {@link #readResult}. */
    public JavaType type(java.lang.reflect.Type type) {
        return results.constructType(type);
    }

    /** The result type a task class declares, {@code R} of {@code Task<R>}; {@code Object} when it does not say. */
    public JavaType resultTypeOf(Class<?> taskClass) {
        JavaType[] bound = results.getTypeFactory().findTypeParameters(taskClass, Task.class);
        return bound.length == 1 ? bound[0] : results.constructType(Object.class);
    }

    /**
     * Checks that {@code task} can be sent: that it is a class a worker can build by name (not a
     * lambda, an anonymous, local or inner class), and, for the first task of each class, that
     * it arrives as it was built: the params written from it build a task that writes the same
     * params. Throws an {@link IllegalArgumentException} that says what is wrong and what to do.
     */
    public void checkSendable(Task<?> task) {
        Class<?> type = task.getClass();
        if (checked.containsKey(type)) {
            return;
        }
        String name = type.getName();
        if (type.isSynthetic() || name.contains("$$Lambda")) {
            throw new IllegalArgumentException("a lambda cannot be sent as a task (" + name + "): a worker builds a task "
                    + "from its class's name and its params, and a lambda's class exists only in this JVM. Write a record "
                    + "or a class that implements Task, with the values it needs as its fields");
        }
        if (type.isAnonymousClass() || type.isLocalClass()) {
            throw new IllegalArgumentException((type.isAnonymousClass() ? "an anonymous" : "a local") + " class cannot "
                    + "be sent as a task (" + name + "): a worker builds a task from its class's name, and needs a top-level "
                    + "or static nested class. Write a record or a class that implements Task, with the values it needs "
                    + "as its fields");
        }
        if (type.isMemberClass() && !java.lang.reflect.Modifier.isStatic(type.getModifiers())) {
            throw new IllegalArgumentException("an inner class cannot be sent as a task (" + name + "): it needs an instance "
                    + "of " + type.getEnclosingClass().getSimpleName() + ", which a worker does not have. Make it a static "
                    + "nested class (a nested record is one)");
        }
        JsonNode written = params.valueToTree(task);
        Object rebuilt;
        try {
            rebuilt = params.treeToValue(written, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("task " + name + " cannot be built from the params written from it, "
                    + written + ": " + firstLine(why) + ". Its fields are its params: name them as its constructor's "
                    + "params (a record does), or give it a no-argument constructor", e);
        }
        JsonNode again = params.valueToTree(rebuilt);
        if (!again.equals(written)) {
            throw new IllegalArgumentException("task " + name + " would not arrive as it was built: its fields are written "
                    + "as " + written + ", but the task built from them holds " + again + ". Its fields are its params: "
                    + "a constructor param should be kept, unchanged, in the field of the same name");
        }
        checked.put(type, Boolean.TRUE);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** Every constructor param is required, unless its type is an Optional or it says otherwise. */
    private static final class CreatorParamsRequired extends JacksonAnnotationIntrospector {
        private static final long serialVersionUID = 1L;

        @Override
        public Boolean hasRequiredMarker(AnnotatedMember member) {
            Boolean explicit = super.hasRequiredMarker(member);
            if (Boolean.TRUE.equals(explicit) || !(member instanceof AnnotatedParameter)) {
                return explicit;
            }
            Class<?> type = member.getRawType();
            return !(type == Optional.class || type == OptionalInt.class || type == OptionalLong.class
                    || type == OptionalDouble.class);
        }
    }
}
