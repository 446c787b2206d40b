using DynamicModules.Secrets;

namespace DynamicModules.Tests.Secrets;

public class SecretProtectorTests
{
    private const string OldEntry = "old:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string NewEntry = "new:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    private static readonly string Context = SecretContext.SharedSecret(1, 2);

    private static SecretProtector Protector(string keys) => new(SecretKeyRing.Parse(keys, "test"));

    [Fact]
    public void SealedValueOpensInItsPlaceAndHidesThePlaintext()
    {
        var protector = Protector(OldEntry);
        var sealedValue = protector.Seal("the-secret", Context);

        sealedValue.ShouldStartWith("enc1.old.");
        sealedValue.ShouldNotContain("the-secret");
        protector.TryOpen(sealedValue, Context, out var plaintext).ShouldBeTrue();
        plaintext.ShouldBe("the-secret");
        protector.Seal("the-secret", Context).ShouldNotBe(sealedValue);
    }

    [Fact]
    public void OlderKeysStillOpenAndNewWritesUseTheFirstKey()
    {
        var sealedByOld = Protector(OldEntry).Seal("the-secret", Context);
        var rotated = Protector($"{NewEntry},{OldEntry}");

        rotated.TryOpen(sealedByOld, Context, out var plaintext).ShouldBeTrue();
        plaintext.ShouldBe("the-secret");
        SecretProtector.KeyIdOf(rotated.Seal("the-secret", Context)).ShouldBe("new");
        Protector(NewEntry).TryOpen(sealedByOld, Context, out _).ShouldBeFalse();
    }

    [Fact]
    public void AValueMovedToAnotherRowOrColumnDoesNotOpen()
    {
        var protector = Protector(OldEntry);
        var sealedValue = protector.Seal("the-secret", SecretContext.SharedSecret(1, 2));

        protector.TryOpen(sealedValue, SecretContext.SharedSecret(1, 3), out _).ShouldBeFalse();
        protector.TryOpen(sealedValue, SecretContext.SharedSecret(4, 2), out _).ShouldBeFalse();
        protector.TryOpen(sealedValue, SecretContext.SigningSecret(1, 2), out _).ShouldBeFalse();
    }

    [Fact]
    public void EveryAlteredFormIsRefused()
    {
        var protector = Protector($"{NewEntry},{OldEntry}");
        var sealedValue = protector.Seal("the-secret", Context);
        var payloadStart = "enc1.new.".Length;
        var altered = new List<string>
        {
            "the-secret",
            "",
            "enc1.",
            "enc1.new",
            "enc1.new.",
            "enc1.missing." + sealedValue[payloadStart..],
            // Same payload claimed under the other key: the key id is authenticated too.
            "enc1.old." + sealedValue[payloadStart..],
            sealedValue[..^4],
            sealedValue + "AAAA",
            sealedValue[..payloadStart] + "!!" + sealedValue[(payloadStart + 2)..],
        };
        // The last character also carries base64 padding bits, which a flip may leave the bytes unchanged by.
        for (var i = payloadStart; i < sealedValue.Length - 1; i++)
        {
            altered.Add(sealedValue[..i] + (sealedValue[i] == 'A' ? 'B' : 'A') + sealedValue[(i + 1)..]);
        }

        foreach (var value in altered)
        {
            protector.TryOpen(value, Context, out _).ShouldBeFalse(value);
        }
    }

    [Theory]
    [InlineData("", "holds no key")]
    [InlineData("# only a comment", "holds no key")]
    [InlineData("nokey", "entry 1 must be id:base64key")]
    [InlineData("bad id:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "entry 1 must be id:base64key")]
    [InlineData("short:AAEC", "must be 32 bytes")]
    [InlineData("a:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=,a:ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=", "appears twice")]
    public void BadKeyTextIsRefusedWithAReason(string text, string reason) =>
        Should.Throw<FormatException>(() => SecretKeyRing.Parse(text, "DynamicModules:SecretKeys")).Message.ShouldContain(reason);

    [Fact]
    public void KeyTextAcceptsCommasSemicolonsLinesAndComments()
    {
        var ring = SecretKeyRing.Parse($"# keys\n{NewEntry};\n {OldEntry} ,", "test");

        ring.Keys.Select(key => key.Id).ShouldBe(["new", "old"]);
        ring.Current.Id.ShouldBe("new");
        SecretKeyRing.Parse(SecretKeyRing.NewEntry(), "generated").Current.Material.Length.ShouldBe(SecretKeyRing.KeySize);
    }

    [Fact]
    public void KeyFileIsGeneratedOnceOwnerOnlyAndThenRead()
    {
        var directory = Directory.CreateTempSubdirectory("dm-keys").FullName;
        try
        {
            var (first, generated) = SecretKeyFile.LoadOrCreate(directory);
            var (second, generatedAgain) = SecretKeyFile.LoadOrCreate(directory);

            generated.ShouldBeTrue();
            generatedAgain.ShouldBeFalse();
            second.Current.Id.ShouldBe(first.Current.Id);
            second.Current.Material.ShouldBe(first.Current.Material);
            Directory.GetFiles(directory).ShouldHaveSingleItem();
            if (!OperatingSystem.IsWindows())
            {
                File.GetUnixFileMode(Path.Combine(directory, SecretKeyFile.FileName)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void OpenedValuesAreRememberedOnlyForTheSameTextInTheSamePlaceAndBounded()
    {
        var protector = Protector(OldEntry);
        var sealedValue = protector.Seal("the-secret", Context);
        protector.TryOpen(sealedValue, Context, out var first).ShouldBeTrue();
        protector.OpenedCount.ShouldBe(1);

        // Remembered, but only in its place: the same text in another row or column still fails, as does any altered form.
        protector.TryOpen(sealedValue, Context, out var again).ShouldBeTrue();
        again.ShouldBe(first);
        protector.TryOpen(sealedValue, SecretContext.SigningSecret(1, 2), out _).ShouldBeFalse();
        protector.TryOpen(sealedValue[..^2] + (sealedValue[^2] == 'A' ? "B" : "A") + sealedValue[^1], Context, out _).ShouldBeFalse();
        protector.OpenedCount.ShouldBe(1);

        // A re-sealed secret (rotation, re-install) is another text: its own plaintext at once.
        var resealed = protector.Seal("the-new-secret", Context);
        protector.TryOpen(resealed, Context, out var rotated).ShouldBeTrue();
        rotated.ShouldBe("the-new-secret");

        for (var i = 0; i < SecretProtector.OpenedCapacity + 10; i++)
        {
            var value = "secret-" + i;
            protector.TryOpen(protector.Seal(value, Context), Context, out var opened).ShouldBeTrue();
            opened.ShouldBe(value);
        }

        protector.OpenedCount.ShouldBeLessThanOrEqualTo(SecretProtector.OpenedCapacity);
        protector.TryOpen(sealedValue, Context, out var afterClear).ShouldBeTrue();
        afterClear.ShouldBe("the-secret");
    }
}
