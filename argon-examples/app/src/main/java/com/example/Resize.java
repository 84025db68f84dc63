package com.example;

import io.argon.task.Task;

public record Resize(String imageId, int width) implements Task<String> {
    @Override
    public String run() throws Exception {
        // fetch the image by id, resize it, store it, return the new id
        return imageId + "@" + width;
    }
}
