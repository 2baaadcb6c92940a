package io.faceengine.pipeline.image;

import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/** Collects the warnings a reader reports while it decodes one image. */
final class ReadWarnings implements IIOReadWarningListener {
    private final List<String> messages = new ArrayList<>();

    @Override
    public void warningOccurred(ImageReader source, String warning) {
        messages.add(warning == null ? "" : warning);
    }

    List<String> messages() {
        return List.copyOf(messages);
    }
}
