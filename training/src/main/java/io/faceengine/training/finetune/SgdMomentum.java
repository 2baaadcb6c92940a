package io.faceengine.training.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.faceengine.pipeline.io.FloatStreams;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * SGD with momentum and L2 weight decay, over a fixed list of arrays. Written out rather than
 * taken from the engine's optimisers so that its state (the velocities) can be saved and
 * restored exactly, which a bit-for-bit resume needs.
 */
final class SgdMomentum {
    /** One trained array, its learning-rate factor and whether weight decay applies. */
    record Slot(NDArray value, double rateFactor, boolean decay) {
    }

    private final List<Slot> slots;
    private final List<NDArray> velocities = new ArrayList<>();
    private final double momentum;
    private final double weightDecay;

    SgdMomentum(List<Slot> slots, double momentum, double weightDecay) {
        this.slots = List.copyOf(slots);
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        for (Slot slot : slots) {
            velocities.add(slot.value().zerosLike());
        }
    }

    /** v ← μ·v + g + λ·w; w ← w − η·v; then the gradients are cleared for the next step. */
    void step(double learningRate) {
        for (int i = 0; i < slots.size(); i++) {
            Slot slot = slots.get(i);
            NDArray value = slot.value();
            NDArray velocity = velocities.get(i);
            // Temporaries would otherwise live as long as the parameters' manager: one set per step.
            try (NDManager temporaries = value.getManager().newSubManager()) {
                NDArray gradient = value.getGradient();
                gradient.attach(temporaries);
                velocity.muli((float) momentum).addi(gradient);
                if (slot.decay() && weightDecay > 0) {
                    NDArray decay = value.mul((float) weightDecay);
                    decay.attach(temporaries);
                    velocity.addi(decay);
                }
                NDArray update = velocity.mul((float) (learningRate * slot.rateFactor()));
                update.attach(temporaries);
                value.subi(update);
                gradient.muli(0f);
            }
        }
    }

    void save(DataOutputStream out) throws IOException {
        out.writeInt(velocities.size());
        for (NDArray velocity : velocities) {
            float[] values = velocity.toFloatArray();
            out.writeInt(values.length);
            FloatStreams.write(out, values);
        }
    }

    void load(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count != velocities.size()) {
            throw new IOException("optimiser state holds " + count + " arrays, the network has " + velocities.size());
        }
        for (NDArray velocity : velocities) {
            int length = in.readInt();
            Shape shape = velocity.getShape();
            if (length != shape.size()) {
                throw new IOException("optimiser state array of " + length + " values for shape " + shape);
            }
            velocity.set(FloatStreams.read(in, length));
        }
    }
}
