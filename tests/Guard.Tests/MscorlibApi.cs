using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Guard.Tests
{
    /// <summary>
    /// The API surface of an assembly, read from its metadata (System.Reflection.Metadata), as list lines in the
    /// format of tools/NanoGuard/api/*.txt: key (`Ns.Type` or `Ns.Type::Member(ParamTypes)`) -> kind column.
    /// Visible = public types (nested: public, or protected inside an unsealed visible type) and their public
    /// members, plus protected members of unsealed types. Accessors are folded into their property/event.
    /// </summary>
    internal sealed class MscorlibApi
    {
        /// <summary>Sorted (ordinal) key -> kind/modifiers/type/flags column.</summary>
        public readonly SortedDictionary<string, string> Lines = new SortedDictionary<string, string>(StringComparer.Ordinal);

        private readonly MetadataReader _md;
        private readonly PEReader _pe;
        private readonly TypeNames _names;

        private MscorlibApi(PEReader pe)
        {
            _pe = pe;
            _md = pe.GetMetadataReader();
            _names = new TypeNames(_md);
        }

        public static MscorlibApi Read(string path)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream, PEStreamOptions.PrefetchEntireImage);
            var api = new MscorlibApi(pe);
            foreach (TypeDefinitionHandle h in api._md.TypeDefinitions) api.AddType(h);
            return api;
        }

        // ------------------------------------------------------------------ types

        private bool IsVisible(TypeDefinition t)
        {
            TypeAttributes vis = t.Attributes & TypeAttributes.VisibilityMask;
            if (!t.GetDeclaringType().IsNil)
            {
                TypeDefinition outer = _md.GetTypeDefinition(t.GetDeclaringType());
                if (!IsVisible(outer)) return false;
                bool outerSealed = (outer.Attributes & TypeAttributes.Sealed) != 0;
                return vis == TypeAttributes.NestedPublic
                    || (!outerSealed && (vis == TypeAttributes.NestedFamily || vis == TypeAttributes.NestedFamORAssem));
            }
            return vis == TypeAttributes.Public;
        }

        private void AddType(TypeDefinitionHandle h)
        {
            TypeDefinition t = _md.GetTypeDefinition(h);
            if (!IsVisible(t)) return;
            string key = _names.Definition(h, withTypeParameters: true);
            var scope = new GenericScope(t, null);
            string baseName = t.BaseType.IsNil ? null : _names.Name(t.BaseType, scope);
            bool isSealed = (t.Attributes & TypeAttributes.Sealed) != 0;
            bool isAbstract = (t.Attributes & TypeAttributes.Abstract) != 0;
            var ifaces = t.GetInterfaceImplementations().Select(i => _names.Name(_md.GetInterfaceImplementation(i).Interface, scope)).ToList();
            string kind;
            if ((t.Attributes & TypeAttributes.Interface) != 0) kind = "interface" + Colon(ifaces);
            else if (baseName == "System.Enum") kind = "enum : " + EnumUnderlyingType(t);
            else if (baseName == "System.MulticastDelegate" && key != "System.MulticastDelegate")
            {
                MethodDefinition invoke = t.GetMethods().Select(_md.GetMethodDefinition).First(m => _md.GetString(m.Name) == "Invoke");
                MethodSignature<string> sig = invoke.DecodeSignature(_names, scope);
                kind = "delegate (" + string.Join(",", sig.ParameterTypes) + ") -> " + sig.ReturnType;
            }
            else if (baseName == "System.ValueType" && key != "System.Enum")
            {
                bool byRefLike = HasAttribute(t.GetCustomAttributes(), "System.Runtime.CompilerServices", "IsByRefLikeAttribute");
                bool readOnly = HasAttribute(t.GetCustomAttributes(), "System.Runtime.CompilerServices", "IsReadOnlyAttribute");
                kind = (byRefLike ? "ref " : "") + (readOnly ? "readonly " : "") + "struct" + Colon(ifaces);
            }
            else
            {
                string mods = isAbstract && isSealed ? "static " : isAbstract ? "abstract " : isSealed ? "sealed " : "";
                var bases = new List<string>();
                if (baseName != null && baseName != "System.Object") bases.Add(baseName);
                bases.AddRange(ifaces);
                kind = mods + "class" + Colon(bases);
            }
            Lines.Add(key, kind + Flags(t.GetCustomAttributes()));

            // Protected members count only where a device type could derive from this one.
            bool family = !isSealed && (t.Attributes & TypeAttributes.Interface) == 0;
            var accessors = new HashSet<MethodDefinitionHandle>();
            foreach (PropertyDefinitionHandle ph in t.GetProperties()) AddProperty(key, t, ph, family, scope, accessors);
            foreach (EventDefinitionHandle eh in t.GetEvents()) AddEvent(key, eh, family, scope, accessors);
            foreach (MethodDefinitionHandle mh in t.GetMethods())
            {
                if (!accessors.Contains(mh)) AddMethod(key, t, mh, family);
            }
            foreach (FieldDefinitionHandle fh in t.GetFields()) AddField(key, baseName == "System.Enum", fh, family, scope);
        }

        private static string Colon(List<string> names) => names.Count == 0 ? "" : " : " + string.Join(", ", names);

        private string EnumUnderlyingType(TypeDefinition t)
        {
            foreach (FieldDefinitionHandle fh in t.GetFields())
            {
                FieldDefinition f = _md.GetFieldDefinition(fh);
                if ((f.Attributes & FieldAttributes.Static) == 0) return f.DecodeSignature(_names, new GenericScope(t, null));
            }
            return "System.Int32";
        }

        // ------------------------------------------------------------------ members

        private static bool Visible(MethodAttributes a, bool family)
        {
            MethodAttributes access = a & MethodAttributes.MemberAccessMask;
            return access == MethodAttributes.Public || (family && (access == MethodAttributes.Family || access == MethodAttributes.FamORAssem));
        }

        private static bool Protected(MethodAttributes a) => (a & MethodAttributes.MemberAccessMask) != MethodAttributes.Public;

        private void AddMethod(string typeKey, TypeDefinition owner, MethodDefinitionHandle mh, bool family)
        {
            MethodDefinition m = _md.GetMethodDefinition(mh);
            if (!Visible(m.Attributes, family)) return;
            string name = _md.GetString(m.Name);
            var scope = new GenericScope(owner, m);
            MethodSignature<string> sig = m.DecodeSignature(_names, scope);
            bool isStatic = (m.Attributes & MethodAttributes.Static) != 0;
            string kind = Protected(m.Attributes) ? "protected " : "";
            if (name == ".ctor" || name == ".cctor")
            {
                kind += (isStatic ? "static " : "") + "ctor";
            }
            else
            {
                bool special = (m.Attributes & MethodAttributes.SpecialName) != 0 && name.StartsWith("op_", StringComparison.Ordinal);
                bool conversion = special && (name == "op_Implicit" || name == "op_Explicit");
                kind += (isStatic ? "static " : "") + Modifiers(m.Attributes)
                    + (conversion ? "conversion" : special ? "operator" : "method") + " : " + sig.ReturnType;
                GenericParameterHandleCollection gps = m.GetGenericParameters();
                if (gps.Count > 0) name += "<" + string.Join(", ", gps.Select(g => _md.GetString(_md.GetGenericParameter(g).Name))) + ">";
            }
            string key = typeKey + "::" + name + "(" + Parameters(m, sig.ParameterTypes) + ")";
            // A delegate's BeginInvoke/EndInvoke have no body (the runtime provides them) and nanoCLR 1.17 throws
            // NotSupportedException for them (measured on the interpreter): asynchronous delegate calls do not exist there.
            bool asyncDelegateCall = (m.ImplAttributes & MethodImplAttributes.CodeTypeMask) == MethodImplAttributes.Runtime
                && (name == "BeginInvoke" || name == "EndInvoke");
            Lines.Add(key, kind + Flags(m.GetCustomAttributes(), mh) + (asyncDelegateCall ? " [unsupported]" : ""));
        }

        /// <summary>C#-ish modifiers from the vtable bits: a non-virtual interface implementation is plain.</summary>
        private static string Modifiers(MethodAttributes a)
        {
            if ((a & MethodAttributes.Abstract) != 0) return "abstract ";
            if ((a & MethodAttributes.Virtual) == 0) return "";
            bool newSlot = (a & MethodAttributes.NewSlot) != 0, final = (a & MethodAttributes.Final) != 0;
            if (newSlot) return final ? "" : "virtual ";
            return final ? "sealed override " : "override ";
        }

        private string Parameters(MethodDefinition m, ImmutableArray<string> types)
        {
            var parts = new string[types.Length];
            for (int i = 0; i < types.Length; i++) parts[i] = types[i];
            foreach (ParameterHandle ph in m.GetParameters())
            {
                Parameter p = _md.GetParameter(ph);
                int i = p.SequenceNumber - 1;
                if (i < 0 || i >= parts.Length) continue; // the return value's row
                string s = parts[i];
                if (s.EndsWith("&", StringComparison.Ordinal))
                {
                    s = s.Substring(0, s.Length - 1);
                    bool isOut = (p.Attributes & ParameterAttributes.Out) != 0 && (p.Attributes & ParameterAttributes.In) == 0;
                    bool isIn = HasAttribute(p.GetCustomAttributes(), "System.Runtime.CompilerServices", "IsReadOnlyAttribute");
                    s = (isOut ? "out " : isIn ? "in " : "ref ") + s;
                }
                if (HasAttribute(p.GetCustomAttributes(), "System", "ParamArrayAttribute")) s = "params " + s;
                if ((p.Attributes & ParameterAttributes.Optional) != 0) s += "=opt";
                parts[i] = s;
            }
            for (int i = 0; i < parts.Length; i++) if (parts[i].EndsWith("&", StringComparison.Ordinal)) parts[i] = "ref " + parts[i].TrimEnd('&');
            return string.Join(",", parts);
        }

        private void AddProperty(string typeKey, TypeDefinition owner, PropertyDefinitionHandle ph, bool family, GenericScope scope, HashSet<MethodDefinitionHandle> accessors)
        {
            PropertyDefinition p = _md.GetPropertyDefinition(ph);
            PropertyAccessors acc = p.GetAccessors();
            if (!acc.Getter.IsNil) accessors.Add(acc.Getter);
            if (!acc.Setter.IsNil) accessors.Add(acc.Setter);
            MethodDefinition? get = acc.Getter.IsNil ? null : _md.GetMethodDefinition(acc.Getter);
            MethodDefinition? set = acc.Setter.IsNil ? null : _md.GetMethodDefinition(acc.Setter);
            bool getVisible = get.HasValue && Visible(get.Value.Attributes, family);
            bool setVisible = set.HasValue && Visible(set.Value.Attributes, family);
            if (!getVisible && !setVisible) return;
            MethodDefinition any = getVisible ? get.Value : set.Value;
            MethodSignature<string> sig = p.DecodeSignature(_names, scope);
            string name = _md.GetString(p.Name);
            if (sig.ParameterTypes.Length > 0)
            {
                // An indexer: the list writes it as this[...] (C#), whatever its metadata name (Item, Chars).
                MethodDefinition withParams = getVisible ? get.Value : set.Value;
                name = "this[" + Parameters(withParams, sig.ParameterTypes) + "]";
            }
            bool isStatic = (any.Attributes & MethodAttributes.Static) != 0;
            bool prot = (!getVisible || Protected(get.Value.Attributes)) && (!setVisible || Protected(set.Value.Attributes));
            string kind = (prot ? "protected " : "") + (isStatic ? "static " : "") + "property {"
                + (getVisible ? "get;" : "") + (setVisible ? "set;" : "") + "} : " + sig.ReturnType;
            var handles = new List<MethodDefinitionHandle>();
            if (getVisible) handles.Add(acc.Getter);
            if (setVisible) handles.Add(acc.Setter);
            Lines.Add(typeKey + "::" + name, kind + Flags(p.GetCustomAttributes(), handles.ToArray()));
        }

        private void AddEvent(string typeKey, EventDefinitionHandle eh, bool family, GenericScope scope, HashSet<MethodDefinitionHandle> accessors)
        {
            EventDefinition e = _md.GetEventDefinition(eh);
            EventAccessors acc = e.GetAccessors();
            if (!acc.Adder.IsNil) accessors.Add(acc.Adder);
            if (!acc.Remover.IsNil) accessors.Add(acc.Remover);
            if (!acc.Raiser.IsNil) accessors.Add(acc.Raiser);
            if (acc.Adder.IsNil) return;
            MethodDefinition add = _md.GetMethodDefinition(acc.Adder);
            if (!Visible(add.Attributes, family)) return;
            string kind = (Protected(add.Attributes) ? "protected " : "") + ((add.Attributes & MethodAttributes.Static) != 0 ? "static " : "")
                + "event : " + _names.Name(e.Type);
            Lines.Add(typeKey + "::" + _md.GetString(e.Name), kind + Flags(e.GetCustomAttributes(), new[] { acc.Adder, acc.Remover }));
        }

        private void AddField(string typeKey, bool inEnum, FieldDefinitionHandle fh, bool family, GenericScope scope)
        {
            FieldDefinition f = _md.GetFieldDefinition(fh);
            FieldAttributes access = f.Attributes & FieldAttributes.FieldAccessMask;
            bool prot = access == FieldAttributes.Family || access == FieldAttributes.FamORAssem;
            if (access != FieldAttributes.Public && !(family && prot)) return;
            if ((f.Attributes & FieldAttributes.RTSpecialName) != 0) return; // an enum's value__
            string type = f.DecodeSignature(_names, scope);
            string kind;
            if ((f.Attributes & FieldAttributes.Literal) != 0)
            {
                string value = ConstantText(_md.GetConstant(f.GetDefaultValue()));
                kind = inEnum ? "enum value = " + value : (prot ? "protected " : "") + "const : " + type + " = " + value;
            }
            else
            {
                kind = (prot ? "protected " : "") + ((f.Attributes & FieldAttributes.Static) != 0 ? "static " : "")
                    + ((f.Attributes & FieldAttributes.InitOnly) != 0 ? "readonly " : "") + "field : " + type;
            }
            Lines.Add(typeKey + "::" + _md.GetString(f.Name), kind + Flags(f.GetCustomAttributes()));
        }

        private string ConstantText(Constant c)
        {
            BlobReader r = _md.GetBlobReader(c.Value);
            switch (c.TypeCode)
            {
                case ConstantTypeCode.Boolean: return r.ReadBoolean() ? "true" : "false";
                case ConstantTypeCode.Char: return "'\\u" + ((int)r.ReadChar()).ToString("X4", CultureInfo.InvariantCulture) + "'";
                case ConstantTypeCode.SByte: return r.ReadSByte().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Byte: return r.ReadByte().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Int16: return r.ReadInt16().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.UInt16: return r.ReadUInt16().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Int32: return r.ReadInt32().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.UInt32: return r.ReadUInt32().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Int64: return r.ReadInt64().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.UInt64: return r.ReadUInt64().ToString(CultureInfo.InvariantCulture);
                case ConstantTypeCode.Single: return Real(r.ReadSingle().ToString("R", CultureInfo.InvariantCulture));
                case ConstantTypeCode.Double: return Real(r.ReadDouble().ToString("R", CultureInfo.InvariantCulture));
                case ConstantTypeCode.String: return "\"" + r.ReadUTF16(r.Length) + "\"";
                case ConstantTypeCode.NullReference: return "null";
                default: return "?";
            }
        }

        private static string Real(string s) => s == "∞" ? "Infinity" : s == "-∞" ? "-Infinity" : s;

        // ------------------------------------------------------------------ flags

        /// <summary>[native] (InternalCall), [obsolete], [throws-NotImplemented] (body: newobj NotImplementedException; throw).</summary>
        private string Flags(CustomAttributeHandleCollection attributes, params MethodDefinitionHandle[] methods)
        {
            MethodDefinitionHandle[] handles = methods.Where(h => !h.IsNil).ToArray();
            var flags = new List<string>();
            if (handles.Length > 0 && handles.Any(h => (_md.GetMethodDefinition(h).ImplAttributes & MethodImplAttributes.InternalCall) != 0)) flags.Add("[native]");
            if (HasAttribute(attributes, "System", "ObsoleteAttribute") || handles.Any(h => HasAttribute(_md.GetMethodDefinition(h).GetCustomAttributes(), "System", "ObsoleteAttribute")))
                flags.Add("[obsolete]");
            if (handles.Length > 0 && handles.All(ThrowsNotImplemented)) flags.Add("[throws-NotImplemented]");
            return flags.Count == 0 ? "" : " " + string.Join(" ", flags);
        }

        private bool ThrowsNotImplemented(MethodDefinitionHandle h)
        {
            MethodDefinition m = _md.GetMethodDefinition(h);
            if (m.RelativeVirtualAddress == 0) return false;
            byte[] il = _pe.GetMethodBody(m.RelativeVirtualAddress).GetILBytes();
            // newobj <ctor token>; throw  (optimised build: nothing else in the body)
            if (il.Length != 6 || il[0] != 0x73 || il[5] != 0x7A) return false;
            EntityHandle ctor = MetadataTokens.EntityHandle(BitConverter.ToInt32(il, 1));
            EntityHandle parent = ctor.Kind == HandleKind.MemberReference ? _md.GetMemberReference((MemberReferenceHandle)ctor).Parent
                : ctor.Kind == HandleKind.MethodDefinition ? _md.GetMethodDefinition((MethodDefinitionHandle)ctor).GetDeclaringType()
                : default;
            return !parent.IsNil && _names.Name(parent) == "System.NotImplementedException";
        }

        private bool HasAttribute(CustomAttributeHandleCollection attributes, string ns, string name)
        {
            foreach (CustomAttributeHandle ah in attributes)
            {
                CustomAttribute a = _md.GetCustomAttribute(ah);
                EntityHandle type = a.Constructor.Kind == HandleKind.MemberReference ? _md.GetMemberReference((MemberReferenceHandle)a.Constructor).Parent
                    : _md.GetMethodDefinition((MethodDefinitionHandle)a.Constructor).GetDeclaringType();
                if (_names.Name(type) == ns + "." + name) return true;
            }
            return false;
        }

        // ------------------------------------------------------------------ type names

        /// <summary>The generic parameters in scope while decoding a signature.</summary>
        private readonly struct GenericScope
        {
            public readonly TypeDefinition? Type;
            public readonly MethodDefinition? Method;
            public GenericScope(TypeDefinition type, MethodDefinition? method) { Type = type; Method = method; }
        }

        /// <summary>Type names as the lists write them: System.Int32, System.Byte[], nested with '.', generics as Name&lt;T&gt;.</summary>
        private sealed class TypeNames : ISignatureTypeProvider<string, GenericScope>
        {
            private readonly MetadataReader _md;
            public TypeNames(MetadataReader md) { _md = md; }

            public string Name(EntityHandle h, GenericScope scope = default)
            {
                switch (h.Kind)
                {
                    case HandleKind.TypeDefinition: return Definition((TypeDefinitionHandle)h, withTypeParameters: false);
                    case HandleKind.TypeReference: return Reference((TypeReferenceHandle)h);
                    case HandleKind.TypeSpecification: return _md.GetTypeSpecification((TypeSpecificationHandle)h).DecodeSignature(this, scope);
                    default: return "?";
                }
            }

            public string Definition(TypeDefinitionHandle h, bool withTypeParameters)
            {
                TypeDefinition t = _md.GetTypeDefinition(h);
                string name = StripArity(_md.GetString(t.Name));
                string full = t.GetDeclaringType().IsNil
                    ? Qualify(_md.GetString(t.Namespace), name)
                    : Definition(t.GetDeclaringType(), false) + "." + name;
                GenericParameterHandleCollection gps = t.GetGenericParameters();
                if (withTypeParameters && gps.Count > 0)
                    full += "<" + string.Join(", ", gps.Select(g => _md.GetString(_md.GetGenericParameter(g).Name))) + ">";
                return full;
            }

            private string Reference(TypeReferenceHandle h)
            {
                TypeReference r = _md.GetTypeReference(h);
                string name = StripArity(_md.GetString(r.Name));
                return r.ResolutionScope.Kind == HandleKind.TypeReference
                    ? Reference((TypeReferenceHandle)r.ResolutionScope) + "." + name
                    : Qualify(_md.GetString(r.Namespace), name);
            }

            private static string Qualify(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;

            private static string StripArity(string name)
            {
                int tick = name.IndexOf('`');
                return tick < 0 ? name : name.Substring(0, tick);
            }

            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
            {
                PrimitiveTypeCode.Boolean => "System.Boolean",
                PrimitiveTypeCode.Byte => "System.Byte",
                PrimitiveTypeCode.SByte => "System.SByte",
                PrimitiveTypeCode.Char => "System.Char",
                PrimitiveTypeCode.Int16 => "System.Int16",
                PrimitiveTypeCode.UInt16 => "System.UInt16",
                PrimitiveTypeCode.Int32 => "System.Int32",
                PrimitiveTypeCode.UInt32 => "System.UInt32",
                PrimitiveTypeCode.Int64 => "System.Int64",
                PrimitiveTypeCode.UInt64 => "System.UInt64",
                PrimitiveTypeCode.Single => "System.Single",
                PrimitiveTypeCode.Double => "System.Double",
                PrimitiveTypeCode.IntPtr => "System.IntPtr",
                PrimitiveTypeCode.UIntPtr => "System.UIntPtr",
                PrimitiveTypeCode.Object => "System.Object",
                PrimitiveTypeCode.String => "System.String",
                PrimitiveTypeCode.TypedReference => "System.TypedReference",
                PrimitiveTypeCode.Void => "System.Void",
                _ => typeCode.ToString(),
            };

            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Definition(handle, false);
            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => Reference(handle);
            public string GetTypeFromSpecification(MetadataReader reader, GenericScope context, TypeSpecificationHandle handle, byte rawTypeKind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, context);
            public string GetSZArrayType(string elementType) => elementType + "[]";
            public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";
            public string GetByReferenceType(string elementType) => elementType + "&";
            public string GetPointerType(string elementType) => elementType + "*";
            public string GetPinnedType(string elementType) => elementType;
            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
            public string GetFunctionPointerType(MethodSignature<string> signature) => "delegate*<" + string.Join(", ", signature.ParameterTypes.Add(signature.ReturnType)) + ">";
            public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments) => genericType + "<" + string.Join(", ", typeArguments) + ">";

            public string GetGenericTypeParameter(GenericScope context, int index)
            {
                if (!context.Type.HasValue) return "!" + index;
                GenericParameterHandleCollection gps = context.Type.Value.GetGenericParameters();
                return index < gps.Count ? _md.GetString(_md.GetGenericParameter(gps[index]).Name) : "!" + index;
            }

            public string GetGenericMethodParameter(GenericScope context, int index)
            {
                if (!context.Method.HasValue) return "!!" + index;
                GenericParameterHandleCollection gps = context.Method.Value.GetGenericParameters();
                return index < gps.Count ? _md.GetString(_md.GetGenericParameter(gps[index]).Name) : "!!" + index;
            }
        }
    }
}
