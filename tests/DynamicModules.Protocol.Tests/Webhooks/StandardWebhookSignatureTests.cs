using CsCheck;
using DynamicModules.Protocol.Webhooks;

namespace DynamicModules.Protocol.Tests.Webhooks;

public sealed class StandardWebhookSignatureTests
{
    // The example of the Standard Webhooks specification (and of its reference libraries' tests).
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = "{\"test\": 2432232314}";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void SignsThePublishedExample() => StandardWebhookSignature.Sign(Secret, Id, Timestamp, Body).ShouldBe(Signature);

    [Fact]
    public void VerifiesThePublishedExampleAlsoAmongRotatedSignatures()
    {
        StandardWebhookSignature.Verify(Secret, Id, "1614265330", Body, Signature, At).ShouldBeNull();
        StandardWebhookSignature.Verify(Secret, Id, "1614265330", Body, "v1,b2xkIHNpZ25hdHVyZQ== " + Signature, At.AddMinutes(4)).ShouldBeNull();
    }

    [Theory]
    [InlineData(null, "1614265330", Signature, "webhook-id, webhook-timestamp or webhook-signature is missing")]
    [InlineData(Id, "-1", Signature, "webhook-timestamp is not a Unix time in seconds")]
    [InlineData(Id, "1614265330.5", Signature, "webhook-timestamp is not a Unix time in seconds")]
    [InlineData(Id, "99999999999999999999", Signature, "webhook-timestamp is not a Unix time in seconds")]
    [InlineData("msg_other", "1614265330", Signature, "no webhook-signature matches")]
    [InlineData(Id, "1614265331", Signature, "no webhook-signature matches")]
    [InlineData(Id, "1614265330", "v1a,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "no webhook-signature matches")]
    public void RefusesMessagesThatDoNotMatch(string? id, string timestamp, string signature, string failure) =>
        StandardWebhookSignature.Verify(Secret, id, timestamp, Body, signature, At).ShouldBe(failure);

    [Fact]
    public void RefusesStaleAndFutureTimestamps()
    {
        StandardWebhookSignature.Verify(Secret, Id, "1614265330", Body, Signature, At.AddMinutes(6)).ShouldBe("webhook-timestamp is too far from now");
        StandardWebhookSignature.Verify(Secret, Id, "1614265330", Body, Signature, At.AddMinutes(-6)).ShouldBe("webhook-timestamp is too far from now");
    }

    [Fact]
    public void EveryBodySignedVerifiesAndAnyOtherBodyDoesNot()
    {
        var secret = StandardWebhookSignature.NewSecret();
        Gen.String.Select(Gen.String).Sample((body, other) =>
        {
            var signature = StandardWebhookSignature.Sign(secret, Id, Timestamp, body);
            return StandardWebhookSignature.Verify(secret, Id, "1614265330", body, signature, At) is null
                && (body == other || StandardWebhookSignature.Verify(secret, Id, "1614265330", other, signature, At) is not null);
        }, iter: 200);
    }
}
