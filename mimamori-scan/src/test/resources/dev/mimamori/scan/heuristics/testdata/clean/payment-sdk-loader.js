// Loads the payment provider's SDK from its own host and hands the card form to it.
(function () {
  var script = document.createElement('script');
  script.src = 'https://sdk.payment-provider.example/v3/tokenizer.js';
  script.onload = function () {
    var form = document.getElementById('payment-form');
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      window.PaymentProvider.tokenize({
        cardNumber: form.querySelector('[name="card_number"]'),
        securityCode: form.querySelector('[name="security_code"]')
      }).then(function (token) {
        form.querySelector('[name="payment_token"]').value = token.id;
        form.submit();
      });
    });
  };
  document.head.appendChild(script);
})();
