package io.faceengine.pipeline.detect;

import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.image.RgbImage;

import java.util.List;

/** Finds faces with landmarks. Implementations batch work across the images they are given. */
public interface FaceDetector {

    /** One list of faces per input image, in input order, best score first. */
    List<List<DetectedFace>> detect(List<RgbImage> images);
}
