package io.argon.worker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.argon.protocol.RawJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Why a task's params did not build its task, in plain words rather than the binding
 * library's: which param, what it must be and what it was, or that it is missing. The rules
 * themselves are {@link io.argon.protocol.TaskCodec}'s, the same on the client and the worker.
 */
final class ParamsErrors {
    private static final String MISSING = "Missing required creator property '";

    private ParamsErrors() {
    }

    /** Why {@code params} did not bind to {@code taskClass}, in a sentence for the task's caller. */
    static String explain(Throwable error, RawJson params, String taskClass) {
        String prefix = "cannot build " + taskClass + " from its params: ";
        if (error instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds();
            return prefix + "it has no param '" + unknown.getPropertyName() + "'"
                    + (known == null || known.isEmpty() ? "" : " (it has: " + known.stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")) + ")");
        }
        if (error instanceof MismatchedInputException missing && missing.getOriginalMessage() != null
                && missing.getOriginalMessage().startsWith(MISSING)) {
            String message = missing.getOriginalMessage();
            String name = message.substring(MISSING.length(), message.indexOf('\'', MISSING.length()));
            // The path ends with the missing param itself.
            List<JsonMappingException.Reference> parents = missing.getPath().subList(0, Math.max(0, missing.getPath().size() - 1));
            String where = parents.isEmpty() ? "" : path(parents) + ".";
            return prefix + "param '" + where + name + "' is missing (a constructor's params are required unless they are Optional)";
        }
        if (error instanceof ValueInstantiationException refused && refused.getCause() != null) {
            Throwable cause = refused.getCause();
            return prefix + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName());
        }
        if (error instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String path = path(mismatch.getPath());
            return prefix + "param '" + path + "' must be " + expected(mismatch.getTargetType()) + ", got "
                    + got(params, mismatch.getPath());
        }
        if (error instanceof JsonProcessingException json) {
            return prefix + json.getOriginalMessage();
        }
        return prefix + (error.getMessage() != null ? error.getMessage() : error.getClass().getName());
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** What a Java type takes, in JSON terms. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        String name = " (" + type.getSimpleName() + ")";
        if (type == int.class || type == long.class || type == short.class || type == byte.class || type == Integer.class
                || type == Long.class || type == Short.class || type == Byte.class || type == BigInteger.class) {
            return "a whole number" + name;
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class
                || type == BigDecimal.class || type == Number.class) {
            return "a number" + name;
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class || type == char.class || type == Character.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list" + name;
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object" + name;
        }
        return "an object" + name;
    }

    /** What the JSON at {@code references} was, in plain words. */
    private static String got(RawJson params, List<JsonMappingException.Reference> references) {
        JsonNode node = params.toTree();
        for (JsonMappingException.Reference reference : references) {
            if (node == null) {
                break;
            }
            node = reference.getFieldName() != null ? node.get(reference.getFieldName()) : node.get(reference.getIndex());
        }
        if (node == null || node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isIntegralNumber()) {
            return "a whole number";
        }
        if (node.isNumber()) {
            return "a number with a fraction";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        return node.isArray() ? "a list" : "an object";
    }
}
