namespace GroupReduce.Core.Models;

/// <summary>The model file formats the engine reads, recognised by their content.</summary>
public enum ModelFormat
{
    /// <summary>safetensors: an 8-byte header length, a JSON header, then the tensor bytes.</summary>
    Safetensors,

    /// <summary>A NumPy <c>.npy</c> array.</summary>
    Npy,

    /// <summary>A NumPy <c>.npz</c> archive (a zip of <c>.npy</c> members, stored or deflated).</summary>
    Npz,

    /// <summary>word2vec binary: a text header <c>rows columns</c>, then per row a token, a space and float32 values.</summary>
    Word2VecBinary,

    /// <summary>word2vec text (a <c>rows columns</c> header line) or GloVe text (no header): a token and its values per line.</summary>
    Word2VecText,

    /// <summary>GGUF version 3 (llama.cpp).</summary>
    Gguf,

    /// <summary>An ONNX model: a protobuf <c>ModelProto</c>, its initializers inline or in external data files beside it.</summary>
    Onnx,
}
